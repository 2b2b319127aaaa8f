import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, LessThan, type EntityManager, type FindOptionsWhere } from 'typeorm';
import { accountReference, assertCan, type Actor } from '@sus/domain';
import { type RequestContext } from '../context/request-context';
import { AuditEntry } from './audit-entry.entity';
import { PersonalDataMinimiser } from './personal-data';

export interface AuditRecord {
  /** What happened, e.g. `createApiKey`, `case.submitted`. */
  action: string;
  /** The kind of thing changed, e.g. `ApiKey`, `Case`. */
  entity: string;
  entityId?: string | null;
  /** The ente the change belongs to; defaults to the acting integrator's or single-ente staff's. */
  enteCode?: string | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Pass as `before` to read older entries; null at the start of the log. */
  nextBefore: string | null;
}

export const AUDIT_PSEUDONYM_KEY = Symbol('AUDIT_PSEUDONYM_KEY');

/** The append-only audit log (the table refuses UPDATE, DELETE and TRUNCATE). */
@Injectable()
export class AuditLog {
  private readonly minimiser: PersonalDataMinimiser;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(AUDIT_PSEUDONYM_KEY) pseudonymKey: string,
  ) {
    this.minimiser = new PersonalDataMinimiser(pseudonymKey);
  }

  async record(ctx: RequestContext, record: AuditRecord): Promise<void> {
    await this.db.getRepository(AuditEntry).insert(this.entry(ctx, record, null));
  }

  /**
   * Audits a workflow step inside the transaction that makes the change: the unique `eventKey`
   * turns a retried step into a no-op, decided by the database, not by a check before the insert.
   */
  async recordStep(
    tx: EntityManager,
    ctx: RequestContext,
    record: AuditRecord,
    eventKey: string,
  ): Promise<void> {
    await tx
      .createQueryBuilder()
      .insert()
      .into(AuditEntry)
      .values(this.entry(ctx, record, eventKey))
      .orIgnore()
      .execute();
  }

  private entry(ctx: RequestContext, record: AuditRecord, eventKey: string | null) {
    return {
      requestId: ctx.requestId,
      actorKind: ctx.actor.kind,
      actorRef: this.actorRef(ctx.actor),
      enteCode: record.enteCode ?? defaultEnte(ctx.actor),
      action: record.action,
      entity: record.entity,
      entityId: record.entityId ?? null,
      before: (this.minimiser.minimise(record.before ?? null) ?? null) as object | null,
      after: (this.minimiser.minimise(record.after ?? null) ?? null) as object | null,
      eventKey,
    };
  }

  /** Newest first; only the ente's own entries (ctx must hold audit:read in the ente). */
  async list(
    ctx: RequestContext,
    enteCode: string,
    page: { first: number; before?: string },
  ): Promise<AuditPage> {
    assertCan(ctx, 'audit:read', enteCode);
    const where: FindOptionsWhere<AuditEntry> = { enteCode };
    if (page.before) where.id = LessThan(page.before);
    const entries = await this.db
      .getRepository(AuditEntry)
      .find({ where, order: { id: 'DESC' }, take: page.first + 1 });
    const more = entries.length > page.first;
    const shown = entries.slice(0, page.first);
    return { entries: shown, nextBefore: more ? (shown.at(-1)?.id ?? null) : null };
  }

  private actorRef(actor: Actor): string | null {
    if (actor.kind === 'citizen') return `citizen:${this.minimiser.pseudonym(actor.fiscalCode)}`;
    return accountReference(actor) ?? null;
  }
}

function defaultEnte(actor: Actor): string | null {
  if (actor.kind === 'integrator') return actor.enteCode;
  if (actor.kind === 'staff') {
    const enti = new Set(actor.roles.map((grant) => grant.enteCode).filter(Boolean));
    if (enti.size === 1) return [...enti][0]!;
  }
  return null;
}
