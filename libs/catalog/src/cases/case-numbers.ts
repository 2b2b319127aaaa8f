import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { civilDateInRome } from '@sus/domain';
import { DataSource } from 'typeorm';
import { CatalogError, parseField } from '../catalog-error';

export interface CaseNumberRequest {
  enteId: string;
  /** Stable per case start (e.g. the start request's id): a retry gets the same number back. */
  idempotencyKey: string;
  /** When the application is received; its year in Italy starts the number. */
  at: Date;
}

/**
 * Hands out case numbers `YYYY-NNNNNN` per ente and year (Europe/Rome): gap-free, because the
 * counter increment commits only with the allocation it served, and idempotent per request key.
 */
@Injectable()
export class CaseNumbers {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async allocate(request: CaseNumberRequest): Promise<{ caseNumber: string }> {
    if (!request.idempotencyKey?.trim())
      throw new CatalogError('BAD_USER_INPUT', 'A case number needs an idempotency key.', 'idempotencyKey');
    const existing = await this.find(request);
    if (existing) return existing;

    const year = Number(parseField('at', () => civilDateInRome(request.at)).slice(0, 4));
    return this.db
      .transaction(async (tx) => {
        const [{ last_value: sequence }] = (await tx.query(
          `INSERT INTO case_number_counter (ente_id, year, last_value) VALUES ($1, $2, 1)
           ON CONFLICT (ente_id, year) DO UPDATE SET last_value = case_number_counter.last_value + 1
           RETURNING last_value`,
          [request.enteId, year],
        )) as [{ last_value: number }];
        const caseNumber = formatCaseNumber(year, Number(sequence));
        const inserted = (await tx.query(
          `INSERT INTO case_number_allocation (idempotency_key, ente_id, case_number) VALUES ($1, $2, $3)
           ON CONFLICT (idempotency_key) DO NOTHING RETURNING case_number`,
          [request.idempotencyKey, request.enteId, caseNumber],
        )) as unknown[];
        if (inserted.length === 1) return { caseNumber };
        // A concurrent request with the same key won: roll our increment back, return its number.
        throw new SameKeyRace();
      })
      .catch(async (error: unknown) => {
        if (!(error instanceof SameKeyRace)) throw error;
        const winner = await this.find(request);
        if (!winner) throw new Error(`Case number for "${request.idempotencyKey}" vanished after a race`);
        return winner;
      });
  }

  private async find(request: CaseNumberRequest): Promise<{ caseNumber: string } | undefined> {
    const [row] = (await this.db.query(
      'SELECT ente_id, case_number FROM case_number_allocation WHERE idempotency_key = $1',
      [request.idempotencyKey],
    )) as { ente_id: string; case_number: string }[];
    if (!row) return undefined;
    if (row.ente_id !== request.enteId) {
      throw new CatalogError(
        'IDEMPOTENCY_KEY_REUSED',
        `The key "${request.idempotencyKey}" already numbered a case of another ente; derive keys from the ente.`,
        'idempotencyKey',
      );
    }
    return { caseNumber: row.case_number };
  }
}

class SameKeyRace extends Error {}

/** `2026-000042`: six digits cover a million cases a year per ente; beyond that the number grows. */
export function formatCaseNumber(year: number, sequence: number): string {
  return `${year}-${String(sequence).padStart(6, '0')}`;
}
