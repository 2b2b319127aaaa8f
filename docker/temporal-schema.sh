#!/bin/sh
# One-shot (compose service "temporal-schema", image temporalio/admin-tools): creates Temporal's two
# databases on the compose Postgres and brings their schemas to the version the pinned image ships.
# Idempotent: on a second run the databases and the base schema exist and update-schema applies only
# what is missing. The password reaches the tool through SQL_PASSWORD, never through argv.
set -eu
: "${SQL_HOST:?}" "${SQL_USER:?}" "${SQL_PASSWORD:?}"
dir=/etc/temporal/schema/postgresql/v12
tool() { temporal-sql-tool --plugin postgres12 --ep "$SQL_HOST" -p "${SQL_PORT:-5432}" -u "$SQL_USER" "$@"; }
for pair in temporal:temporal temporal_visibility:visibility; do
  db="${pair%%:*}"
  schema="${pair##*:}"
  tool --db "$db" create-database 2>/dev/null || echo "database $db exists"
  tool --db "$db" setup-schema -v 0.0 2>/dev/null || echo "base schema of $db exists"
  # The versioned/ folder itself: pointed at its parent the tool finds no update and still exits 0.
  tool --db "$db" update-schema -d "$dir/$schema/versioned"
done
