import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One line of the append-only audit log: who, when, what, before and after (personal data minimised). */
@Entity({ name: 'audit_log' })
export class AuditEntry {
  /** bigint, read as a string so no precision is lost. */
  @PrimaryColumn({ type: 'bigint', generatedIdentity: 'ALWAYS' })
  id!: string;

  @Column({ type: 'timestamptz', insert: false })
  at!: Date;

  @Column({ type: 'text', name: 'request_id' })
  requestId!: string;

  @Column({ type: 'text', name: 'actor_kind' })
  actorKind!: string;

  @Column({ type: 'text', name: 'actor_ref', nullable: true })
  actorRef!: string | null;

  @Column({ type: 'text', name: 'ente_code', nullable: true })
  enteCode!: string | null;

  @Column({ type: 'text' })
  action!: string;

  @Column({ type: 'text' })
  entity!: string;

  @Column({ type: 'text', name: 'entity_id', nullable: true })
  entityId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: object | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: object | null;

  /** The workflow step that wrote the entry (unique): a retried step never audits twice. */
  @Column({ type: 'text', name: 'event_key', nullable: true })
  eventKey!: string | null;
}
