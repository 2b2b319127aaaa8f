import type { ProcedureModel } from '@sus/domain';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A published, numbered, immutable snapshot of a procedure model (the database refuses UPDATE and
 * DELETE). Owned by a regional template (`procedureTemplateId`) or by one ente's adoption
 * (`procedureId` + `enteId`); numbered 1, 2, … per owner.
 */
@Entity({ name: 'procedure_version' })
export class ProcedureVersionRow {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'procedure_template_id', nullable: true })
  procedureTemplateId!: string | null;

  @Column({ type: 'uuid', name: 'procedure_id', nullable: true })
  procedureId!: string | null;

  @Column({ type: 'uuid', name: 'ente_id', nullable: true })
  enteId!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'jsonb' })
  document!: ProcedureModel;

  @Column({ type: 'timestamptz', name: 'published_at' })
  publishedAt!: Date;

  @Column({ type: 'text', name: 'published_by' })
  publishedBy!: string;

  /** An ente's version: the regional version it was specialised from, when known. */
  @Column({ type: 'uuid', name: 'based_on_template_version_id', nullable: true })
  basedOnTemplateVersionId!: string | null;
}
