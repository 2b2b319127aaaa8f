import { Field, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A line of the register extract that was not imported, and why.' })
export class IdentityDocumentRejection {
  @Field(() => Int, { description: 'The line in the file (the header is line 1).' })
  line!: number;

  @Field({ description: 'The column to fix: fiscal_code, document_number, expiry_date or email.' })
  field!: string;

  @Field({ description: 'A stable code: INVALID_FISCAL_CODE, INVALID_DATE, DUPLICATE_DOCUMENT, …' })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'What an import of the population-register extract did.' })
export class IdentityDocumentImportReport {
  @Field(() => Int, { description: 'Cards new to SUS.' })
  inserted!: number;

  @Field(() => Int, { description: 'Known cards whose holder, expiry date or e-mail changed.' })
  updated!: number;

  @Field(() => Int, { description: 'Known cards the line repeats as they are.' })
  unchanged!: number;

  @Field(() => Int, { description: 'Lines not imported.' })
  rejectedCount!: number;

  @Field(() => [IdentityDocumentRejection], { description: 'Every problem of every rejected line.' })
  rejected!: IdentityDocumentRejection[];
}
