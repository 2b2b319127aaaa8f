import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IuvAllocation1764095000000 implements MigrationInterface {
  name = 'IuvAllocation1764095000000';

  async up(db: QueryRunner): Promise<void> {
    // One counter per ente, archive code and year: the IUV base is <year><9-digit sequence>.
    await db.query(`
      CREATE TABLE iuv_counter (
        org_fiscal_code text NOT NULL CHECK (org_fiscal_code ~ '^[0-9]{11}$'),
        aux_digit smallint NOT NULL CHECK (aux_digit IN (0, 3)),
        code text NOT NULL CHECK (code ~ '^[0-9]{2}$'),
        year smallint NOT NULL,
        last_value bigint NOT NULL CHECK (last_value BETWEEN 1 AND 999999999),
        PRIMARY KEY (org_fiscal_code, aux_digit, code, year)
      )`);
    // Every notice number ever handed out, so a retried request gets the same one back and none is reused.
    await db.query(`
      CREATE TABLE iuv_allocation (
        idempotency_key text PRIMARY KEY,
        org_fiscal_code text NOT NULL,
        notice_number text NOT NULL CHECK (notice_number ~ '^[0-9]{18}$'),
        iuv text NOT NULL,
        allocated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (org_fiscal_code, iuv)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE iuv_allocation');
    await db.query('DROP TABLE iuv_counter');
  }
}
