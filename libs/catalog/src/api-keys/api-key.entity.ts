import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A key an ente administrator gave to one of the ente's applications; scoped to that ente. */
@Entity({ name: 'api_key' })
export class ApiKey {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text', name: 'ente_code' })
  enteCode!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', array: true })
  scopes!: string[];

  @Column({ type: 'bytea', name: 'secret_sha256', select: false })
  secretSha256!: Buffer;

  /** Pseudonymous reference of the staff member who created it (their user id). */
  @Column({ type: 'text', name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  /** Refused from then on (API_KEY_EXPIRED); at most a year after creation. */
  @Column({ type: 'timestamptz', name: 'expires_at' })
  expiresAt!: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt!: Date | null;
}
