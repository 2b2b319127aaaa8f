import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** CPSV-AP_IT channel families (pagopa-io.md §9), named for people. */
export const CHANNELS = ['web', 'app', 'sportello', 'phone', 'email', 'pec', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];

/** AgID interactivity ladder (vocabulary D.8): NONE, LEVEL 1 … LEVEL 5, in order. */
export const INTERACTIVITY_LEVELS = [
  'nonOnline',
  'informativo',
  'unaVia',
  'dueVie',
  'transattivo',
  'personalizzato',
] as const;
export type InteractivityLevel = (typeof INTERACTIVITY_LEVELS)[number];

/** requestedByPa: the ente issues an avviso; spontaneous: the citizen starts the payment. */
export const PAYMENT_MODES = ['requestedByPa', 'spontaneous'] as const;
export type PaymentMode = (typeof PAYMENT_MODES)[number];

export interface ContactPoint {
  kind: Channel;
  value: string;
  description: string | null;
}

export interface Fee {
  description: string;
  amountCents: number;
}

/** Bilancio references the treasurer reconciles receipts against. */
export interface AccountingReference {
  /** Capitolo di entrata. */
  chapter: string;
  /** Accertamento (number/year). */
  assessment: string | null;
}

/** The fields an ente's service has; a service type holds defaults for them. */
export interface ServiceFields {
  name: string;
  description: string;
  channels: Channel[];
  interactivityLevel: InteractivityLevel;
  availability: string | null;
  taxonomyCodes: string[];
  contactPoints: ContactPoint[];
  paymentMode: PaymentMode | null;
  voluntary: boolean;
  pagopaActive: boolean;
  fees: Fee[];
  accountingReferences: AccountingReference[];
  appIoServiceId: string | null;
  appIoPublished: boolean;
}

/** A national or regional service type an ente takes in charge ("presa in carico"). */
@Entity({ name: 'service_type' })
export class ServiceType {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  scope!: 'national' | 'regional';

  @Column({ type: 'uuid', name: 'owner_ente_id', nullable: true })
  ownerEnteId!: string | null;

  /** The procedure the service starts; adopting the service adopts it too. */
  @Column({ type: 'uuid', name: 'procedure_template_id', nullable: true })
  procedureTemplateId!: string | null;

  @Column({ type: 'jsonb' })
  defaults!: ServiceFields;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** A service an ente offers (its Anagrafe Servizi record). */
@Entity({ name: 'service' })
export class Service implements ServiceFields {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'ente_id' })
  enteId!: string;

  @Column({ type: 'uuid', name: 'service_type_id', nullable: true })
  serviceTypeId!: string | null;

  @Column({ type: 'text' })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ type: 'text', array: true })
  channels!: Channel[];

  @Column({ type: 'text', name: 'interactivity_level' })
  interactivityLevel!: InteractivityLevel;

  @Column({ type: 'text', nullable: true })
  availability!: string | null;

  @Column({ type: 'text', array: true, name: 'taxonomy_codes' })
  taxonomyCodes!: string[];

  @Column({ type: 'jsonb', name: 'contact_points' })
  contactPoints!: ContactPoint[];

  @Column({ type: 'text', name: 'payment_mode', nullable: true })
  paymentMode!: PaymentMode | null;

  /** Open to voluntary (spontaneous) payments from the citizen. */
  @Column({ type: 'boolean' })
  voluntary!: boolean;

  /** Collections for this service go through pagoPA. */
  @Column({ type: 'boolean', name: 'pagopa_active' })
  pagopaActive!: boolean;

  @Column({ type: 'jsonb' })
  fees!: Fee[];

  @Column({ type: 'jsonb', name: 'accounting_references' })
  accountingReferences!: AccountingReference[];

  @Column({ type: 'text', name: 'app_io_service_id', nullable: true })
  appIoServiceId!: string | null;

  @Column({ type: 'boolean', name: 'app_io_published' })
  appIoPublished!: boolean;

  @Column({ type: 'uuid', name: 'procedure_id', nullable: true })
  procedureId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
