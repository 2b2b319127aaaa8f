import type { EnteHoliday } from '@sus/domain';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const ENTE_TYPES = ['regione', 'comune', 'unione', 'altro'] as const;
export type EnteType = (typeof ENTE_TYPES)[number];

/** A region or another public body (the tenant); `ipaCode` is its business key (`enteCode`). */
@Entity({ name: 'ente' })
export class Ente {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text', name: 'ipa_code' })
  ipaCode!: string;

  @Column({ type: 'text' })
  type!: EnteType;

  @Column({ type: 'text' })
  name!: string;

  /** 11 digits, check digit verified. */
  @Column({ type: 'text', name: 'fiscal_code' })
  fiscalCode!: string;

  /** The region a comune or unione belongs to; null for a region. */
  @Column({ type: 'uuid', name: 'region_id', nullable: true })
  regionId!: string | null;

  /** pagoPA codice segregazione (aux digit 3 notices). */
  @Column({ type: 'text', name: 'segregation_code', nullable: true })
  segregationCode!: string | null;

  /** pagoPA application code (aux digit 0 notices). */
  @Column({ type: 'text', name: 'application_code', nullable: true })
  applicationCode!: string | null;

  /** Interbank CBILL code printed on payment notices. */
  @Column({ type: 'text', name: 'cbill_code', nullable: true })
  cbillCode!: string | null;

  @Column({ type: 'text', array: true, name: 'app_io_service_ids', default: () => "'{}'" })
  appIoServiceIds!: string[];

  /** The patron saint and other local holidays: statutory deadlines roll over them like national ones. */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  holidays!: EnteHoliday[];

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
