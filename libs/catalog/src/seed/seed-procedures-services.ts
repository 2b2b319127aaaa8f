import { DataSource, IsNull } from 'typeorm';
import { CatalogError } from '../catalog-error';
import type { RequestContext } from '../context/request-context';
import { EntiService } from '../organisations/enti.service';
import { RoleHolder } from '../organisations/role-holder.entity';
import { ProcedureRow, ProcedureTemplate } from '../procedures/procedure.entity';
import { ProceduresService } from '../procedures/procedures.service';
import { Service, ServiceType } from '../services/service.entity';
import { ServicesService } from '../services/services.service';
import { SEED_ENTE_CATALOGS, SEED_PROCEDURE_TEMPLATES, SEED_SERVICE_TYPES } from './catalog.seed-data';
import type { SeedReport } from './seed-catalog';

/**
 * Templates, service types and the enti's adoptions, matched by code. Like the organisation
 * seed it only adds what is missing: an ente's customisation is applied once, right after the
 * seed adopts, so later staff edits survive restarts.
 */
export async function seedProceduresAndServices(
  ctx: RequestContext,
  db: DataSource,
  enti: EntiService,
  report: SeedReport,
): Promise<void> {
  const procedures = new ProceduresService(db, enti);
  const services = new ServicesService(db, enti, procedures);

  for (const template of SEED_PROCEDURE_TEMPLATES) {
    if (await db.getRepository(ProcedureTemplate).existsBy({ code: template.code })) continue;
    await procedures.saveTemplate(ctx, template);
    report.procedureTemplates += 1;
  }
  for (const type of SEED_SERVICE_TYPES) {
    if (await db.getRepository(ServiceType).existsBy({ code: type.code })) continue;
    await services.saveType(ctx, type);
    report.serviceTypes += 1;
  }

  for (const seed of SEED_ENTE_CATALOGS) {
    const ente = await enti.findByCode(ctx, seed.enteCode);
    if (!ente) continue;
    for (const procedure of seed.procedures) {
      if (await db.getRepository(ProcedureRow).existsBy({ enteId: ente.id, code: procedure.templateCode }))
        continue;
      await procedures.adopt(ctx, ente.ipaCode, procedure.templateCode);
      report.procedures += 1;
      const holder = await db
        .getRepository(RoleHolder)
        .findOneBy({ enteId: ente.id, orgUnitId: IsNull(), role: 'substitutePowerHolder' });
      await skipRefused(report, `${ente.ipaCode} procedure ${procedure.templateCode}`, () =>
        procedures.update(ctx, ente.ipaCode, procedure.templateCode, {
          ...procedure.update,
          responsibleUnitCode: procedure.responsibleUnitCode,
          substitutePowerHolderId: holder?.id ?? null,
        }),
      );
    }
    for (const service of seed.services) {
      if (await db.getRepository(Service).existsBy({ enteId: ente.id, code: service.serviceTypeCode }))
        continue;
      await services.adopt(ctx, ente.ipaCode, service.serviceTypeCode);
      report.services += 1;
      await skipRefused(report, `${ente.ipaCode} service ${service.serviceTypeCode}`, () =>
        services.update(ctx, ente.ipaCode, service.serviceTypeCode, service.update),
      );
    }
  }
}

/** Staff may have renamed a seeded unit or role: the seed then leaves that part to them. */
async function skipRefused(report: SeedReport, what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof CatalogError)) throw error;
    report.skipped.push(`${what}: ${error.message}`);
  }
}
