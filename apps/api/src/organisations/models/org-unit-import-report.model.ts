import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum OrgUnitImportFormat {
  CSV = 'csv',
  JSON = 'json',
}
registerEnumType(OrgUnitImportFormat, {
  name: 'OrgUnitImportFormat',
  valuesMap: {
    CSV: {
      description:
        'Header line with externalId, code, name and optionally parentExternalId, validFrom, validTo; "," or ";".',
    },
    JSON: { description: 'An array of objects with the same fields (or {"units": [...]}).' },
  },
});

@ObjectType({ description: 'A line of the HR export that was not written.' })
export class OrgUnitImportRejection {
  @Field(() => Int, { description: 'CSV: the line in the file (header = 1). JSON: the 1-based position.' })
  line!: number;

  @Field()
  field!: string;

  @Field({ description: 'Stable error code, e.g. UNKNOWN_PARENT, ORG_UNIT_CYCLE, DUPLICATE_CODE.' })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType({
  description: 'What an import did; importing the same file again reports everything unchanged.',
})
export class OrgUnitImportReport {
  @Field(() => Int)
  created!: number;

  @Field(() => Int)
  updated!: number;

  @Field(() => Int)
  unchanged!: number;

  @Field(() => [OrgUnitImportRejection])
  rejected!: OrgUnitImportRejection[];
}
