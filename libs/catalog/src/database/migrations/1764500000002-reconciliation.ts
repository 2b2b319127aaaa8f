import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reconciliation (issue 19): settlement flows (FdR) with one row per line, the treasurer's cash
 * movements, the match of each transfer (received → reported by a flow line → reconciled by a
 * cash movement) and the anomalies found, kept open until a later run no longer finds them.
 */
export class Reconciliation1764500000002 implements MigrationInterface {
  name = 'Reconciliation1764500000002';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE settlement_flow (
        id bigserial PRIMARY KEY,
        ente_code text NOT NULL,
        flow_id text NOT NULL CHECK (flow_id ~ '^[A-Za-z0-9_-]{1,35}$'),
        revision integer NOT NULL DEFAULT 1,
        flow_date timestamptz NOT NULL,
        psp_id text NOT NULL,
        psp_name text,
        regulation_id text NOT NULL,
        regulation_date date NOT NULL,
        receiver_fiscal_code text NOT NULL,
        total_count integer NOT NULL,
        total_cents bigint NOT NULL,
        source text NOT NULL CHECK (source IN ('xml', 'api')),
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        -- A later revision of the same flow replaces this one (its lines are removed, its matches undone).
        superseded boolean NOT NULL DEFAULT false,
        -- The cash movement that brought the flow's money, once matched.
        cash_movement_id bigint,
        UNIQUE (ente_code, flow_id, revision)
      )`);
    await db.query('CREATE INDEX settlement_flow_key ON settlement_flow (ente_code, upper(flow_id))');
    await db.query(
      'CREATE INDEX settlement_flow_unpaid ON settlement_flow (ente_code) WHERE cash_movement_id IS NULL AND NOT superseded',
    );
    await db.query(`
      CREATE TABLE settlement_flow_line (
        flow bigint NOT NULL REFERENCES settlement_flow (id) ON DELETE CASCADE,
        line_no integer NOT NULL,
        ente_code text NOT NULL,
        iuv text NOT NULL,
        iur text NOT NULL,
        -- indiceDatiSingoloPagamento (1-5); optional in the XML, then the option's only transfer.
        transfer_index smallint,
        amount_cents bigint NOT NULL,
        outcome_code text NOT NULL,
        outcome_date date NOT NULL,
        -- The transfer it reports, once matched.
        notice_number text,
        PRIMARY KEY (flow, line_no)
      )`);
    await db.query('CREATE INDEX settlement_flow_line_iuv ON settlement_flow_line (ente_code, iuv)');
    // Runs only look at lines not matched yet: an ente's history is never rescanned.
    await db.query(
      'CREATE INDEX settlement_flow_line_open ON settlement_flow_line (ente_code) WHERE notice_number IS NULL',
    );
    await db.query(`
      CREATE TABLE cash_movement (
        id bigserial PRIMARY KEY,
        ente_code text NOT NULL,
        -- value date, amount, causale without spaces, and the occurrence among identical lines of a
        -- file: a journal imported again (or overlapping the previous one) adds nothing.
        movement_key text NOT NULL,
        value_date date NOT NULL,
        amount_cents bigint NOT NULL,
        causale text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('flow', 'single', 'other')),
        -- The flow id (flow) or the IUV (single) the causale names.
        reference text,
        reference_amount_cents bigint,
        journal text NOT NULL,
        line_no integer NOT NULL,
        imported_at timestamptz NOT NULL DEFAULT now(),
        matched boolean NOT NULL DEFAULT false,
        UNIQUE (ente_code, movement_key)
      )`);
    await db.query(
      "CREATE INDEX cash_movement_open ON cash_movement (ente_code, upper(reference)) WHERE NOT matched AND kind <> 'other'",
    );
    await db.query(`
      ALTER TABLE payment_transfer
        ADD COLUMN flow_line_flow bigint,
        ADD COLUMN flow_line_no integer,
        ADD COLUMN reported_at timestamptz,
        ADD COLUMN cash_movement_id bigint,
        ADD COLUMN reconciled_at timestamptz`);
    await db.query(
      'CREATE INDEX payment_transfer_unreported ON payment_transfer (ente_code) WHERE flow_line_flow IS NULL AND cash_movement_id IS NULL',
    );
    // Reported and not yet reconciled: what a run can still move forward.
    await db.query(
      'CREATE INDEX payment_transfer_reported ON payment_transfer (flow_line_flow) WHERE flow_line_flow IS NOT NULL AND cash_movement_id IS NULL',
    );
    // paymentWithoutFlow looks only at options paid before the window: a range, not the ente's history.
    await db.query(
      'CREATE INDEX payment_option_paid_at ON payment_option (paid_at) WHERE paid_at IS NOT NULL',
    );
    // Flow lines and /RFS/ movements name transfers by IUV within the ente.
    await db.query(
      'CREATE INDEX payment_transfer_ente_iuv ON payment_transfer (ente_code, iuv, transfer_index)',
    );
    await db.query(`
      CREATE TABLE reconciliation_anomaly (
        id bigserial PRIMARY KEY,
        ente_code text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('paymentWithoutFlow', 'flowWithoutCashMovement', 'cashMovementWithoutFlow',
                                           'amountMismatch', 'unknownIuv', 'duplicate')),
        anomaly_key text NOT NULL,
        iuv text,
        notice_number text,
        transfer_index smallint,
        flow_id text,
        cash_movement_id bigint,
        expected_cents bigint,
        actual_cents bigint,
        detail text NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz,
        UNIQUE (ente_code, kind, anomaly_key)
      )`);
    await db.query(
      'CREATE INDEX reconciliation_anomaly_open ON reconciliation_anomaly (ente_code, kind) WHERE resolved_at IS NULL',
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP INDEX payment_option_paid_at');
    await db.query('DROP TABLE reconciliation_anomaly');
    await db.query(`
      ALTER TABLE payment_transfer DROP COLUMN flow_line_flow, DROP COLUMN flow_line_no, DROP COLUMN reported_at,
        DROP COLUMN cash_movement_id, DROP COLUMN reconciled_at`);
    await db.query('DROP TABLE cash_movement');
    await db.query('DROP TABLE settlement_flow_line');
    await db.query('DROP TABLE settlement_flow');
  }
}
