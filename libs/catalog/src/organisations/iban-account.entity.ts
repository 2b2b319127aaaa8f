import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * A bank account an ente collects on. The default one receives every payment unless a service
 * names its own (multi-IBAN: e.g. TARI on a dedicated account).
 */
@Entity({ name: 'iban_account' })
export class IbanAccount {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  /** Electronic form: no spaces, upper case. */
  @Column({ type: 'text' })
  iban!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'boolean', name: 'is_default' })
  isDefault!: boolean;

  /** The Anagrafe Servizi service this account is reserved to; null for general accounts. */
  @Column({ type: 'text', name: 'service_code', nullable: true })
  serviceCode!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
