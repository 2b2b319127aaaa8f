import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogError } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { Ente } from '../organisations/ente.entity';
import { EntiService } from '../organisations/enti.service';

/** PNRR targets the monitoring compares against (misure 1.4.3 pagoPA and App IO). */
export const PAGOPA_TARGET_PERCENT = 70;
export const APP_IO_TARGET_SERVICES = 10;

export interface PaymentAdoption {
  ente: Ente;
  /** Services that collect money: with a fee or a pagoPA taxonomy code. */
  incassoServices: number;
  pagopaActiveServices: number;
  /** Share of incasso services on pagoPA, 0-100 with one decimal; null with no incasso service. */
  pagopaPercent: number | null;
  pagopaTargetPercent: number;
  pagopaTargetMet: boolean;
  appIoPublishedServices: number;
  appIoTargetServices: number;
  appIoTargetMet: boolean;
}

interface Counts {
  ente_id: string;
  incasso: number;
  pagopa: number;
  app_io: number;
}

@Injectable()
export class PaymentAdoptionService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly enti: EntiService,
  ) {}

  async ofEnte(ctx: RequestContext, enteCode: string): Promise<PaymentAdoption> {
    const ente = await this.enti.getByCode(ctx, enteCode);
    return this.forEnti([ente]).then((rows) => rows[0]!);
  }

  /** The region and each of its enti, region first then by name. */
  async ofRegion(ctx: RequestContext, regionCode: string): Promise<PaymentAdoption[]> {
    const region = await this.enti.getByCode(ctx, regionCode, 'regionCode');
    if (region.type !== 'regione') {
      throw new CatalogError(
        'INVALID_REGION',
        `"${region.ipaCode}" is a ${region.type}, not a region.`,
        'regionCode',
      );
    }
    const members = await this.db
      .getRepository(Ente)
      .find({ where: { regionId: region.id }, order: { name: 'ASC' } });
    return this.forEnti([region, ...members]);
  }

  private async forEnti(enti: Ente[]): Promise<PaymentAdoption[]> {
    const counts: Counts[] = await this.db.query(
      `SELECT ente_id,
              count(*) FILTER (WHERE incasso)::int AS incasso,
              count(*) FILTER (WHERE incasso AND pagopa_active)::int AS pagopa,
              count(*) FILTER (WHERE app_io_published)::int AS app_io
         FROM (SELECT ente_id, pagopa_active, app_io_published,
                      (jsonb_array_length(fees) > 0 OR cardinality(taxonomy_codes) > 0) AS incasso
                 FROM service WHERE ente_id = ANY ($1)) s
        GROUP BY ente_id`,
      [enti.map((ente) => ente.id)],
    );
    const byEnte = new Map(counts.map((row) => [row.ente_id, row]));
    return enti.map((ente) => {
      const row = byEnte.get(ente.id) ?? { incasso: 0, pagopa: 0, app_io: 0 };
      const percent = row.incasso === 0 ? null : Math.round((row.pagopa / row.incasso) * 1000) / 10;
      return {
        ente,
        incassoServices: row.incasso,
        pagopaActiveServices: row.pagopa,
        pagopaPercent: percent,
        pagopaTargetPercent: PAGOPA_TARGET_PERCENT,
        pagopaTargetMet: percent !== null && percent >= PAGOPA_TARGET_PERCENT,
        appIoPublishedServices: row.app_io,
        appIoTargetServices: APP_IO_TARGET_SERVICES,
        appIoTargetMet: row.app_io >= APP_IO_TARGET_SERVICES,
      };
    });
  }
}
