import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A struttura organizzativa; units form one tree per ente (several roots allowed). */
@Entity({ name: 'org_unit' })
export class OrgUnit {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  /** The unit's id in the ente's HR system; imports match on it. Null for units entered by hand. */
  @Column({ type: 'text', name: 'external_id', nullable: true })
  externalId!: string | null;

  /** Short code, unique inside the ente, used by procedures and services to name the unit. */
  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'uuid', name: 'parent_id', nullable: true })
  parentId!: string | null;

  /** YYYY-MM-DD (Europe/Rome civil dates). */
  @Column({ type: 'date', name: 'valid_from', nullable: true })
  validFrom!: string | null;

  @Column({ type: 'date', name: 'valid_to', nullable: true })
  validTo!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
