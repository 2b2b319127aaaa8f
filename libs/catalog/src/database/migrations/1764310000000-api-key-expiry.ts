import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys expire (at most a year after creation). Keys created before this migration get a year
 * from now, so no integrator is cut off the day it is deployed; the same default applies to rows
 * inserted without one (the api always sets it).
 */
export class ApiKeyExpiry1764310000000 implements MigrationInterface {
  name = 'ApiKeyExpiry1764310000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE api_key ADD COLUMN expires_at timestamptz NOT NULL DEFAULT now() + interval '1 year'`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('ALTER TABLE api_key DROP COLUMN expires_at');
  }
}
