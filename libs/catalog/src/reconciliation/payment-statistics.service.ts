import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertCan } from '@sus/domain';
import type { RequestContext } from '../context/request-context';
import { EntiService } from '../organisations/enti.service';
import { PaymentAdoptionService, type PaymentAdoption } from '../services/payment-adoption.service';
import { checkedPeriod, type AnomalyKind } from './reconciliation.service';

export interface NoticeStatistics {
  /** YYYY-MM, Europe/Rome, of the notice's issue. */
  month: string;
  serviceCode: string | null;
  issued: number;
  paid: number;
  expired: number;
  issuedCents: number;
  paidCents: number;
}

export interface PaymentStatistics {
  enteCode: string;
  from: string;
  to: string;
  /** The ente (or the region and each of its enti) against the pagoPA and App IO targets. */
  adoption: PaymentAdoption[];
  notices: NoticeStatistics[];
  openAnomalies: { kind: AnomalyKind; count: number }[];
}

/** Statuses in which the money came in (paid, then reported and reconciled, or late). */
const PAID = [
  'paid',
  'reported',
  'reconciled',
  'paidAfterExpiry',
  'paidAfterCancellation',
  'paidAfterFailure',
];

/**
 * Payments monitoring (issue 19 item 6): for an ente, its services against the pagoPA (70%) and
 * App IO (10 services) targets, its notices issued, paid and expired by month and service, its
 * open reconciliation anomalies; for a region, the same over the region and every ente in it
 * (monitoring:read, regional).
 */
@Injectable()
export class PaymentStatisticsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
    private readonly adoption: PaymentAdoptionService,
  ) {}

  async statistics(
    ctx: RequestContext,
    enteCode: string,
    from: string,
    to: string,
  ): Promise<PaymentStatistics> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    [from, to] = checkedPeriod(from, to);
    let adoption: PaymentAdoption[];
    if (ente.type === 'regione') {
      assertCan(ctx, 'monitoring:read');
      adoption = await this.adoption.ofRegion(ctx, ente.ipaCode);
    } else {
      assertCan(ctx, 'reconciliation:read', ente.ipaCode);
      adoption = [await this.adoption.ofEnte(ctx, ente.ipaCode)];
    }
    const codes = adoption.map((row) => row.ente.ipaCode);
    const notices = (await this.db.query(
      `SELECT to_char(p.created_at AT TIME ZONE 'Europe/Rome', 'YYYY-MM') AS month, t.service_code,
              count(*)::int AS issued,
              count(*) FILTER (WHERE p.status = ANY($4))::int AS paid,
              count(*) FILTER (WHERE p.status = 'expired')::int AS expired,
              sum(p.amount_cents)::bigint AS issued_cents,
              COALESCE(sum(p.amount_cents) FILTER (WHERE p.status = ANY($4)), 0)::bigint AS paid_cents
         FROM payment p
         LEFT JOIN payment_transfer t ON t.notice_number = p.notice_number AND t.transfer_index = 1
        WHERE p.ente_code = ANY($1) AND (p.created_at AT TIME ZONE 'Europe/Rome')::date BETWEEN $2::date AND $3::date
        GROUP BY 1, 2 ORDER BY 1, 2 NULLS LAST`,
      [codes, from, to, PAID],
    )) as Record<string, unknown>[];
    const anomalies = (await this.db.query(
      `SELECT kind, count(*)::int AS count FROM reconciliation_anomaly
        WHERE ente_code = ANY($1) AND resolved_at IS NULL GROUP BY kind ORDER BY kind`,
      [codes],
    )) as { kind: AnomalyKind; count: number }[];
    return {
      enteCode: ente.ipaCode,
      from,
      to,
      adoption,
      notices: notices.map((row) => ({
        month: String(row.month),
        serviceCode: (row.service_code as string | null) ?? null,
        issued: Number(row.issued),
        paid: Number(row.paid),
        expired: Number(row.expired),
        issuedCents: Number(row.issued_cents),
        paidCents: Number(row.paid_cents),
      })),
      openAnomalies: anomalies,
    };
  }
}
