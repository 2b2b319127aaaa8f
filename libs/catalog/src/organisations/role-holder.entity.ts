import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Roles the law names in procedures. `substitutePowerHolder` is the titolare del potere
 * sostitutivo (L. 241/1990 art. 2 c. 9-bis), usually the segretario comunale.
 */
export const ROLES = ['responsabileProcedimento', 'substitutePowerHolder'] as const;
export type Role = (typeof ROLES)[number];

/** The person holding a role for a whole ente (no unit) or for one unit. */
@Entity({ name: 'role_holder' })
export class RoleHolder {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  @Column({ type: 'uuid', name: 'org_unit_id', nullable: true })
  orgUnitId!: string | null;

  @Column({ type: 'text' })
  role!: Role;

  @Column({ type: 'text', name: 'person_name' })
  personName!: string;

  @Column({ type: 'text', name: 'fiscal_code' })
  fiscalCode!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  /** The office behind the role, e.g. "Segretario comunale". */
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
