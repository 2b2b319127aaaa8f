#!/bin/sh
# One-shot (compose service "temporal-setup", image temporalio/admin-tools): once the server answers,
# registers the namespace SUS runs in and the search attributes it writes (what auto-setup used to do).
# Idempotent: what exists is left as it is.
set -eu
: "${TEMPORAL_ADDRESS:?}" "${TEMPORAL_NAMESPACE:?}"
until temporal operator cluster health | grep -q SERVING; do
  echo 'waiting for the Temporal server'
  sleep 2
done
temporal operator namespace describe --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1 \
  || temporal operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "${TEMPORAL_NAMESPACE_RETENTION:-720h}"
# The namespace cache refreshes every few seconds: search attributes can be added once it lists them.
until temporal operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" >/dev/null 2>&1; do sleep 1; done
for name in SusEnte SusProcedure SusCaseStatus; do
  temporal operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type Keyword \
    || echo "search attribute $name exists"
done
