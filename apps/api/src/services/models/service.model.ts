import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { TAXONOMY_LEGAL_REASONS } from '@sus/domain';
import { Node } from '../../node/node.model';
import { Connection } from '../../pagination/page-info.model';

export enum Channel {
  WEB = 'web',
  APP = 'app',
  SPORTELLO = 'sportello',
  PHONE = 'phone',
  EMAIL = 'email',
  PEC = 'pec',
  POST = 'post',
}
registerEnumType(Channel, {
  name: 'Channel',
  description: 'Where the citizen uses the service (CPSV-AP_IT channels).',
});

export enum InteractivityLevel {
  NON_ONLINE = 'nonOnline',
  INFORMATIVO = 'informativo',
  UNA_VIA = 'unaVia',
  DUE_VIE = 'dueVie',
  TRANSATTIVO = 'transattivo',
  PERSONALIZZATO = 'personalizzato',
}
registerEnumType(InteractivityLevel, {
  name: 'InteractivityLevel',
  description: 'AgID/CPSV-AP_IT ladder, from not on line (NONE) to proactive (LEVEL 5).',
  valuesMap: {
    NON_ONLINE: { description: 'NONE: not on line.' },
    INFORMATIVO: { description: 'LEVEL 1: information only.' },
    UNA_VIA: { description: 'LEVEL 2: forms to download.' },
    DUE_VIE: { description: 'LEVEL 3: forms submitted on line.' },
    TRANSATTIVO: { description: 'LEVEL 4: fully on line, payment and outcome included.' },
    PERSONALIZZATO: { description: 'LEVEL 5: proactive (reminders, pre-filled data).' },
  },
});

export enum PaymentMode {
  REQUESTED_BY_PA = 'requestedByPa',
  SPONTANEOUS = 'spontaneous',
}
registerEnumType(PaymentMode, {
  name: 'PaymentMode',
  description: 'requestedByPa: the ente issues an avviso; spontaneous: the citizen starts the payment.',
});

@ObjectType({ description: 'How to reach the office that runs the service.' })
export class ContactPoint {
  @Field(() => Channel)
  kind!: Channel;

  @Field()
  value!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;
}

@ObjectType()
export class Fee {
  @Field()
  description!: string;

  @Field(() => Int, { description: 'Euro cents.' })
  amountCents!: number;
}

@ObjectType({ description: 'Bilancio references receipts are reconciled against.' })
export class AccountingReference {
  @Field({ description: 'Capitolo di entrata.' })
  chapter!: string;

  @Field(() => String, { nullable: true, description: 'Accertamento.' })
  assessment!: string | null;
}

export const TaxonomyLegalReason = Object.fromEntries(TAXONOMY_LEGAL_REASONS.map((r) => [r, r])) as {
  [K in (typeof TAXONOMY_LEGAL_REASONS)[number]]: K;
};
registerEnumType(TaxonomyLegalReason, {
  name: 'TaxonomyLegalReason',
  description: 'Motivo giuridico della riscossione of a pagoPA taxonomy code.',
  valuesMap: {
    IM: { description: 'Imposta.' },
    TS: { description: 'Tassa.' },
    SP: { description: 'Servizi.' },
    SA: { description: 'Sanzione.' },
    AP: { description: 'Altro / patrimoniale.' },
  },
});

@ObjectType({ description: 'An entry of the official pagoPA taxonomy (tassonomia dei servizi di incasso).' })
export class TaxonomyEntry {
  @Field({ description: 'Dati specifici di incasso, e.g. 9/0104102TS/.' })
  code!: string;

  @Field({ description: 'Taxonomy version the entry comes from.' })
  version!: string;

  @Field()
  macroAreaName!: string;

  @Field()
  serviceTypeName!: string;

  @Field(() => TaxonomyLegalReason)
  legalReason!: string;

  @Field({ description: 'YYYY-MM-DD' })
  validFrom!: string;

  @Field({ description: 'YYYY-MM-DD, first day no longer valid.' })
  validTo!: string;
}

@ObjectType({ implements: () => [Node], description: 'A service an ente offers (Anagrafe Servizi).' })
export class Service implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique in the ente; the service type code.' })
  code!: string;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => [Channel])
  channels!: Channel[];

  @Field(() => InteractivityLevel)
  interactivityLevel!: InteractivityLevel;

  @Field(() => String, { nullable: true })
  availability!: string | null;

  @Field(() => [String])
  taxonomyCodes!: string[];

  @Field(() => [ContactPoint])
  contactPoints!: ContactPoint[];

  @Field(() => PaymentMode, { nullable: true })
  paymentMode!: PaymentMode | null;

  @Field({ description: 'Open to voluntary (spontaneous) payments.' })
  voluntary!: boolean;

  @Field({ description: 'Collections go through pagoPA.' })
  pagopaActive!: boolean;

  @Field(() => [Fee])
  fees!: Fee[];

  @Field(() => [AccountingReference])
  accountingReferences!: AccountingReference[];

  @Field(() => String, { nullable: true })
  appIoServiceId!: string | null;

  @Field()
  appIoPublished!: boolean;
}

export const ServiceConnection = Connection(Service, 'Service', 'A page of services, ordered by code.');
export type ServiceConnection = InstanceType<typeof ServiceConnection>;

export enum ServiceTypeScope {
  NATIONAL = 'national',
  REGIONAL = 'regional',
}
registerEnumType(ServiceTypeScope, { name: 'ServiceTypeScope' });

@ObjectType({ description: 'A national or regional service type enti take in charge with adoptService.' })
export class ServiceType {
  @Field()
  code!: string;

  @Field(() => ServiceTypeScope)
  scope!: ServiceTypeScope;

  @Field()
  name!: string;

  @Field()
  description!: string;

  @Field(() => [Channel], { description: 'Default channels; each ente sets its own.' })
  channels!: Channel[];

  @Field(() => InteractivityLevel)
  interactivityLevel!: InteractivityLevel;

  @Field(() => [String])
  taxonomyCodes!: string[];

  @Field()
  voluntary!: boolean;
}
