import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum ConceptType {
  TEXT = 'text',
  NUMBER = 'number',
  MONEY = 'money',
  DATE = 'date',
  BOOLEAN = 'boolean',
  ENUM = 'enum',
  FISCAL_CODE = 'fiscalCode',
  EMAIL = 'email',
  PHONE = 'phone',
  ADDRESS = 'address',
  DOCUMENT = 'document',
}
registerEnumType(ConceptType, {
  name: 'ConceptType',
  description: 'The kind of value a data concept holds.',
});

export enum ConceptVersionStatus {
  DRAFT = 'draft',
  PUBLISHED = 'published',
}
registerEnumType(ConceptVersionStatus, { name: 'ConceptVersionStatus' });

@ObjectType({ description: 'Validation rules; absent rules do not apply.' })
export class ConceptValidation {
  @Field(() => Int, { nullable: true })
  minLength?: number | null;

  @Field(() => Int, { nullable: true })
  maxLength?: number | null;

  @Field(() => String, { nullable: true, description: 'Regular expression the whole text matches.' })
  pattern?: string | null;

  @Field(() => Int, { nullable: true, description: 'Numbers in units, money in cents.' })
  minValue?: number | null;

  @Field(() => Int, { nullable: true })
  maxValue?: number | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  minDate?: string | null;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD' })
  maxDate?: string | null;
}

@ObjectType({ description: 'One version of a data concept; published versions are what models pin.' })
export class ConceptVersion {
  @Field(() => Int)
  version!: number;

  @Field(() => ConceptVersionStatus)
  status!: ConceptVersionStatus;

  @Field(() => ConceptType)
  type!: ConceptType;

  @Field(() => [String], { description: 'Allowed values of an enum concept.' })
  enumValues!: string[];

  @Field(() => ConceptValidation)
  validation!: ConceptValidation;

  @Field({ description: 'Personal data (GDPR).' })
  sensitive!: boolean;

  @Field({ description: 'Label shown to citizens (Italian).' })
  labelIt!: string;

  @Field(() => String, { nullable: true })
  labelEn!: string | null;

  @Field(() => String, { nullable: true })
  helpIt!: string | null;

  @Field(() => String, { nullable: true })
  helpEn!: string | null;
}

@ObjectType({ description: 'A Business Catalog data concept, e.g. spouse.fiscalCode.' })
export class Concept {
  @Field()
  code!: string;

  @Field(() => ConceptVersion)
  latest!: ConceptVersion;
}
