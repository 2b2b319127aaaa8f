import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Connection } from '../../pagination/page-info.model';

export enum EnteType {
  REGIONE = 'regione',
  COMUNE = 'comune',
  UNIONE = 'unione',
  ALTRO = 'altro',
}
registerEnumType(EnteType, { name: 'EnteType', description: 'Kind of public body.' });

@ObjectType({ description: 'A region or another public body (ente) offering services; the tenant.' })
export class Ente {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Codice IPA, e.g. c_l424; the enteCode every other operation takes.' })
  ipaCode!: string;

  @Field(() => EnteType)
  type!: EnteType;

  @Field()
  name!: string;

  @Field({ description: 'The 11-digit codice fiscale of the ente.' })
  fiscalCode!: string;

  @Field(() => String, { nullable: true, description: 'pagoPA codice segregazione (2 digits).' })
  segregationCode!: string | null;

  @Field(() => String, { nullable: true, description: 'pagoPA application code (2 digits).' })
  applicationCode!: string | null;

  @Field(() => String, { nullable: true, description: 'Interbank CBILL code printed on payment notices.' })
  cbillCode!: string | null;

  @Field(() => [String], { description: 'App IO service ids the ente sends messages from.' })
  appIoServiceIds!: string[];
}

export const EnteConnection = Connection(Ente, 'Ente', 'A page of enti, ordered by name.');
export type EnteConnection = InstanceType<typeof EnteConnection>;
