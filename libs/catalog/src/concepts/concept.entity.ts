import type { ConceptType, ConceptValidation } from '@sus/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A Business Catalog data concept (e.g. `spouse.fiscalCode`); its content lives in versions. */
@Entity({ name: 'concept' })
export class Concept {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}

export type ConceptVersionStatus = 'draft' | 'published';

/** One version of a concept; process models pin a published version (see ConceptUsage). */
@Entity({ name: 'concept_version' })
export class ConceptVersion {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'concept_id' })
  conceptId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  status!: ConceptVersionStatus;

  @Column({ type: 'text' })
  type!: ConceptType;

  @Column({ type: 'text', array: true, name: 'enum_values' })
  enumValues!: string[];

  @Column({ type: 'jsonb' })
  validation!: ConceptValidation;

  @Column({ type: 'boolean' })
  sensitive!: boolean;

  @Column({ type: 'text', name: 'label_it' })
  labelIt!: string;

  @Column({ type: 'text', name: 'label_en', nullable: true })
  labelEn!: string | null;

  @Column({ type: 'text', name: 'help_it', nullable: true })
  helpIt!: string | null;

  @Column({ type: 'text', name: 'help_en', nullable: true })
  helpEn!: string | null;

  @Column({ type: 'timestamptz', name: 'published_at', nullable: true })
  publishedAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** A process model version that uses a concept version; written by the process modeller. */
@Entity({ name: 'concept_usage' })
export class ConceptUsage {
  @PrimaryColumn('uuid', { name: 'concept_version_id' })
  conceptVersionId!: string;

  @PrimaryColumn('text', { name: 'model_ref' })
  modelRef!: string;

  @Column({ type: 'boolean', name: 'model_published' })
  modelPublished!: boolean;
}
