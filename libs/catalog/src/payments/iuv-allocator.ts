import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  buildNoticeNumber,
  civilDateInRome,
  DomainError,
  iuvBaseFromSequence,
  isValidOrgFiscalCode,
  type IssuedNoticeNumber,
} from '@sus/domain';
import { DataSource } from 'typeorm';

export interface IuvRequest {
  /** Stable per payment (e.g. derived from the payment workflow id): a retry gets the same notice back. */
  idempotencyKey: string;
  /** The creditor ente's 11-digit fiscal code: IUVs are unique per creditor. */
  orgFiscalCode: string;
  auxDigit: 0 | 3;
  segregationCode?: string;
  applicationCode?: string;
  /** When the notice is issued; its year (in Italy) starts the IUV. */
  at: Date;
}

/**
 * Hands out notice numbers (IUV) per ente: concurrency-safe through one atomic counter row per
 * ente/archive/year, never reused, and idempotent per request key.
 */
@Injectable()
export class IuvAllocator {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async allocate(request: IuvRequest): Promise<IssuedNoticeNumber> {
    if (!isValidOrgFiscalCode(request.orgFiscalCode)) {
      throw new DomainError(
        'INVALID_ORG_FISCAL_CODE',
        'The creditor fiscal code must be 11 digits with a valid check digit.',
        {
          orgFiscalCode: request.orgFiscalCode,
        },
      );
    }
    const code = request.auxDigit === 3 ? request.segregationCode : request.applicationCode;
    // Validates aux digit and code before anything is written.
    buildNoticeNumber({ ...archive(request), iuvBase: '0000000000000' });
    const existing = await this.find(request.idempotencyKey);
    if (existing) return existing;

    const year = Number(civilDateInRome(request.at).slice(0, 4));
    return this.db
      .transaction(async (tx) => {
        const [{ last_value: sequence }] = (await tx.query(
          `INSERT INTO iuv_counter (org_fiscal_code, aux_digit, code, year, last_value)
         VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (org_fiscal_code, aux_digit, code, year)
         DO UPDATE SET last_value = iuv_counter.last_value + 1
         RETURNING last_value`,
          [request.orgFiscalCode, request.auxDigit, code, year],
        )) as [{ last_value: string }];
        const issued = buildNoticeNumber({
          ...archive(request),
          iuvBase: iuvBaseFromSequence(year, Number(sequence)),
        });
        const inserted = (await tx.query(
          `INSERT INTO iuv_allocation (idempotency_key, org_fiscal_code, notice_number, iuv)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING notice_number`,
          [request.idempotencyKey, request.orgFiscalCode, issued.noticeNumber, issued.iuv],
        )) as unknown[];
        if (inserted.length === 1) return issued;
        // A concurrent request with the same key won the race: roll back our number, return theirs.
        throw new SameKeyRace();
      })
      .catch(async (error: unknown) => {
        if (!(error instanceof SameKeyRace)) throw error;
        const winner = await this.find(request.idempotencyKey);
        if (!winner) throw new Error(`IUV allocation for "${request.idempotencyKey}" vanished after a race`);
        return winner;
      });
  }

  private async find(idempotencyKey: string): Promise<IssuedNoticeNumber | undefined> {
    const rows = (await this.db.query(
      'SELECT notice_number, iuv FROM iuv_allocation WHERE idempotency_key = $1',
      [idempotencyKey],
    )) as { notice_number: string; iuv: string }[];
    return rows[0] && { noticeNumber: rows[0].notice_number, iuv: rows[0].iuv };
  }
}

class SameKeyRace extends Error {}

function archive(request: IuvRequest) {
  return request.auxDigit === 3
    ? { auxDigit: 3 as const, segregationCode: request.segregationCode }
    : { auxDigit: 0 as const, applicationCode: request.applicationCode };
}
