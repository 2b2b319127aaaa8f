import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const START_TYPES = ['istanzaDiParte', 'dUfficio'] as const;
export type StartType = (typeof START_TYPES)[number];

export const TERM_KINDS = ['calendarDays', 'businessDays'] as const;
export type TermKind = (typeof TERM_KINDS)[number];

/** How the procedure ends (L. 241/1990 artt. 2, 19, 20; procedure-law.md §1). */
export const CONCLUSION_TYPES = [
  'provvedimentoEspresso',
  'silenzioAssenso',
  'scia',
  'silenzioRigetto',
] as const;
export type ConclusionType = (typeof CONCLUSION_TYPES)[number];

/** The fields a template defines and an ente may override one by one. */
export interface ProcedureFields {
  name: string;
  subjectArea: string;
  startType: StartType;
  /** e.g. "D.P.R. 396/2000"; at least one. */
  legislation: string[];
  termDays: number;
  termKind: TermKind;
  conclusionType: ConclusionType;
  /** The art. 35 D.Lgs. 33/2013 text published in Amministrazione trasparente. */
  transparencyNotice: string | null;
  /** Other dates the citizen must know, e.g. "Richiesta della sala almeno 30 giorni prima". */
  deadlines: string[];
}
export type ProcedureField = keyof ProcedureFields;
export const PROCEDURE_FIELDS: readonly ProcedureField[] = [
  'name',
  'subjectArea',
  'startType',
  'legislation',
  'termDays',
  'termKind',
  'conclusionType',
  'transparencyNotice',
  'deadlines',
];

/** A procedimento defined once by the tavolo regionale; enti adopt it. */
@Entity({ name: 'procedure_template' })
export class ProcedureTemplate {
  @PrimaryColumn('uuid')
  id!: string;

  /** The region (or other body) that maintains the template. */
  @Column({ type: 'uuid', name: 'owner_ente_id' })
  ownerEnteId!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'jsonb' })
  fields!: ProcedureFields;

  /** Fields enti may not override (e.g. the legal basis). */
  @Column({ type: 'text', array: true, name: 'locked_fields' })
  lockedFields!: ProcedureField[];

  /** Who should hold the potere sostitutivo, e.g. "Segretario comunale"; each ente names the person. */
  @Column({ type: 'text', name: 'substitute_power_title', nullable: true })
  substitutePowerTitle!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** An ente's adoption of a template: only what the ente changed is stored (`overrides`). */
@Entity({ name: 'procedure' })
export class ProcedureRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  @Column({ type: 'uuid', name: 'template_id' })
  templateId!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'jsonb' })
  overrides!: Partial<ProcedureFields>;

  @Column({ type: 'uuid', name: 'responsible_unit_id', nullable: true })
  responsibleUnitId!: string | null;

  @Column({ type: 'uuid', name: 'substitute_power_holder_id', nullable: true })
  substitutePowerHolderId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** The record an ente publishes: template fields, with the ente's overrides on top. */
export interface Procedure extends ProcedureFields {
  id: string;
  enteId: string;
  code: string;
  templateCode: string;
  overriddenFields: ProcedureField[];
  lockedFields: ProcedureField[];
  responsibleUnitId: string | null;
  substitutePowerHolderId: string | null;
}

/**
 * Template fields with the ente's overrides on top. A field the template locks after an ente
 * overrode it follows the template again: the lock is the region's decision to make it uniform.
 */
export function effectiveProcedure(row: ProcedureRow, template: ProcedureTemplate): Procedure {
  const overriddenFields = PROCEDURE_FIELDS.filter(
    (field) => field in row.overrides && !template.lockedFields.includes(field),
  );
  const overrides = Object.fromEntries(overriddenFields.map((field) => [field, row.overrides[field]]));
  return {
    ...template.fields,
    ...overrides,
    id: row.id,
    enteId: row.enteId,
    code: row.code,
    templateCode: template.code,
    overriddenFields,
    lockedFields: template.lockedFields,
    responsibleUnitId: row.responsibleUnitId,
    substitutePowerHolderId: row.substitutePowerHolderId,
  };
}
