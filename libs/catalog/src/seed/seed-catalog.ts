import { Client, type ClientConfig } from 'pg';
import { DataSource, In, IsNull } from 'typeorm';
import { AuditLog } from '../audit/audit-log';
import { BookingResource } from '../bookings/booking.entity';
import { Bookings } from '../bookings/bookings.service';
import { systemContext, type RequestContext } from '../context/request-context';
import { catalogDataSourceOptions } from '../database/data-source';
import { EntiService } from '../organisations/enti.service';
import { OrgUnit } from '../organisations/org-unit.entity';
import { OrgUnitsService } from '../organisations/org-units.service';
import { RoleHolder } from '../organisations/role-holder.entity';
import { RoleHoldersService } from '../organisations/role-holders.service';
import { SEED_BOOKING_RESOURCES } from './bookings.seed-data';
import { SEED_ENTI, type SeedEnte } from './organisations.seed-data';
import { seedProcedureModels } from './seed-procedure-models';
import { seedProceduresAndServices } from './seed-procedures-services';

export interface SeedReport {
  enti: number;
  orgUnits: number;
  roleHolders: number;
  procedureTemplates: number;
  serviceTypes: number;
  procedures: number;
  services: number;
  bookingResources: number;
  concepts: number;
  procedureVersions: number;
  /** Seed rows the data now refuses (e.g. staff gave a seeded code to another unit); nothing else stops. */
  skipped: string[];
}

// Distinct from the migrations' lock: a start may migrate and seed from different processes.
const SEED_LOCK = 7733002;

/**
 * Loads the example data. Runs on every start: it adds what is missing, matched by business
 * keys (IPA code, HR id, role and place), and never overwrites a row that exists, so staff
 * edits to seeded records survive restarts. Returns how many rows it created and what it skipped.
 */
export async function seedCatalog(
  dataSource: DataSource,
  ctx: RequestContext = systemContext('seed'),
): Promise<SeedReport> {
  const enti = new EntiService(dataSource);
  const services = {
    enti,
    orgUnits: new OrgUnitsService(dataSource, enti),
    roleHolders: new RoleHoldersService(dataSource, enti),
  };
  // The lock lives on its own connection, outside the pool, so a pool of one cannot deadlock.
  const lock = new Client(lockConnectionOptions(dataSource));
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [SEED_LOCK]);
    const report: SeedReport = {
      enti: 0,
      orgUnits: 0,
      roleHolders: 0,
      procedureTemplates: 0,
      serviceTypes: 0,
      procedures: 0,
      services: 0,
      bookingResources: 0,
      concepts: 0,
      procedureVersions: 0,
      skipped: [],
    };
    for (const seed of SEED_ENTI) await seedEnte(ctx, dataSource, services, seed, report);
    await seedProceduresAndServices(ctx, dataSource, enti, report);
    await seedBookingResources(ctx, dataSource, enti, report);
    await seedProcedureModels(ctx, dataSource, report);
    return report;
  } finally {
    // Ending the session releases the lock even if the unlock cannot be sent.
    await lock.end().catch(() => undefined);
  }
}

/** For the start command: seeds the database at `url` through a pool of one, then closes it. */
export async function seedDatabase(url: string): Promise<SeedReport> {
  const dataSource = await new DataSource(catalogDataSourceOptions(url, 1)).initialize();
  try {
    return await seedCatalog(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

function lockConnectionOptions(dataSource: DataSource): ClientConfig {
  const options = dataSource.options as {
    url?: string;
    host?: string;
    port?: number;
    username?: string;
    password?: unknown;
    database?: string;
  };
  return {
    connectionString: options.url,
    host: options.host,
    port: options.port,
    user: options.username,
    password: typeof options.password === 'string' ? options.password : undefined,
    database: options.database,
    application_name: 'sus-seed',
  };
}

async function seedEnte(
  ctx: RequestContext,
  db: DataSource,
  services: { enti: EntiService; orgUnits: OrgUnitsService; roleHolders: RoleHoldersService },
  seed: SeedEnte,
  report: SeedReport,
): Promise<void> {
  let ente = await services.enti.findByCode(ctx, seed.ente.ipaCode);
  if (!ente) {
    ente = await services.enti.save(ctx, seed.ente);
    report.enti += 1;
  }

  const units = db.getRepository(OrgUnit);
  const externalIds = seed.orgUnits.map((unit) => unit.externalId);
  const present = new Set(
    (await units.findBy({ enteId: ente.id, externalId: In(externalIds) })).map((unit) => unit.externalId),
  );
  const missing = seed.orgUnits.filter((unit) => !present.has(unit.externalId));
  if (missing.length > 0) {
    const result = await services.orgUnits.import(ctx, {
      enteCode: ente.ipaCode,
      format: 'json',
      content: JSON.stringify(missing),
    });
    for (const problem of result.rejected) {
      const unit = missing[problem.line - 1]!;
      report.skipped.push(`${ente.ipaCode} unit ${unit.externalId}: ${problem.message}`);
    }
    report.orgUnits += result.created;
  }

  const unitIds = new Map(
    (await units.findBy({ enteId: ente.id, externalId: In(externalIds) })).map((unit) => [
      unit.externalId,
      unit.id,
    ]),
  );
  for (const holder of seed.roleHolders) {
    const orgUnitId = holder.unitExternalId === null ? null : unitIds.get(holder.unitExternalId);
    // A unit staff have since renamed away from its HR id: leave its roles to them.
    if (orgUnitId === undefined) continue;
    const taken = await db
      .getRepository(RoleHolder)
      .existsBy({ enteId: ente.id, orgUnitId: orgUnitId ?? IsNull(), role: holder.role });
    if (taken) continue;
    await services.roleHolders.set(ctx, { enteCode: ente.ipaCode, orgUnitId, ...holder });
    report.roleHolders += 1;
  }
}

async function seedBookingResources(
  ctx: RequestContext,
  db: DataSource,
  enti: EntiService,
  report: SeedReport,
): Promise<void> {
  // Saving a resource writes no audit entry (the api's mutation interceptor does), and the seed
  // acts as the system, which has no fiscal code to pseudonymise: no key is needed here.
  const bookings = new Bookings(db, enti, new AuditLog(db, ''));
  for (const seed of SEED_BOOKING_RESOURCES) {
    const ente = await enti.findByCode(ctx, seed.enteCode);
    if (!ente) continue;
    if (await db.getRepository(BookingResource).existsBy({ enteId: ente.id, code: seed.resource.code }))
      continue;
    await bookings.saveResource(ctx, ente.ipaCode, seed.resource);
    report.bookingResources += 1;
  }
}
