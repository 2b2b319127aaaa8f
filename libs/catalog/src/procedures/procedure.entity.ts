import type {
  ProcedureAdoption,
  ProcedureField,
  ProcedureFields,
  ProcedureTemplateFields,
} from '@sus/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * A procedimento defined once by the tavolo regionale; enti adopt it. The fields, the lock and
 * how an adoption's overrides resolve (effectiveProcedure) are domain rules in @sus/domain.
 */
@Entity({ name: 'procedure_template' })
export class ProcedureTemplate implements ProcedureTemplateFields {
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
export class ProcedureRow implements ProcedureAdoption {
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
