import { Client, type ClientConfig } from 'pg';
import { DataSource, In, IsNull } from 'typeorm';
import { systemContext, type RequestContext } from '../context/request-context';
import { EntiService } from '../organisations/enti.service';
import { OrgUnit } from '../organisations/org-unit.entity';
import { OrgUnitsService } from '../organisations/org-units.service';
import { RoleHolder } from '../organisations/role-holder.entity';
import { RoleHoldersService } from '../organisations/role-holders.service';
import { SEED_ENTI, type SeedEnte } from './organisations.seed-data';

export interface SeedReport {
  enti: number;
  orgUnits: number;
  roleHolders: number;
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
    const report: SeedReport = { enti: 0, orgUnits: 0, roleHolders: 0, skipped: [] };
    for (const seed of SEED_ENTI) await seedEnte(ctx, dataSource, services, seed, report);
    return report;
  } finally {
    // Ending the session releases the lock even if the unlock cannot be sent.
    await lock.end().catch(() => undefined);
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
