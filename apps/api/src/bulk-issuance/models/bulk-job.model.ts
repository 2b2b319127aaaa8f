import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export const BulkJobStatus = {
  uploading: 'uploading',
  rejected: 'rejected',
  ready: 'ready',
  issuing: 'issuing',
  completed: 'completed',
} as const;
registerEnumType(BulkJobStatus, {
  name: 'BulkJobStatus',
  description: 'Where a bulk issuance job is: the file read, then its positions handed to their payments.',
  valuesMap: {
    uploading: { description: 'The file is being read.' },
    rejected: {
      description: 'The file was refused whole (header, truncated, too large, empty): see its errors.',
    },
    ready: { description: 'Read and checked; startBulkIssuance issues its valid positions.' },
    issuing: { description: 'Its positions are being handed to their payment workflows, in batches.' },
    completed: { description: 'Every valid position has its payment workflow.' },
  },
});

@ObjectType({
  description:
    "A bulk issuance job (bollettazione massiva): one uploaded file of an ente's debt positions, its error " +
    'report and its progress. Lines with errors are reported and never issued; every other position is issued once.',
})
export class BulkJob {
  @Field(() => ID)
  id!: string;
  @Field()
  enteCode!: string;
  @Field()
  fileName!: string;
  @Field(() => String, {
    nullable: true,
    description: 'SHA-256 of the file: the same file again is the same job.',
  })
  fileSha256!: string | null;
  @Field(() => Int)
  fileBytes!: number;
  @Field(() => BulkJobStatus)
  status!: keyof typeof BulkJobStatus;
  @Field(() => Int, { description: 'Lines of the file after the header.' })
  totalLines!: number;
  @Field(() => Int, { description: 'Lines in the error report (bulkJobErrors).' })
  errorLines!: number;
  @Field(() => Int, { description: 'Debt positions whose every line is valid: the ones issued.' })
  positions!: number;
  @Field(() => Int, { description: 'Positions this job issued (their payment workflows started).' })
  positionsIssued!: number;
  @Field(() => Int, {
    description: 'Positions an earlier file of the ente issued already: accepted, not issued again.',
  })
  positionsAlreadyIssued!: number;
  @Field({ description: 'Who uploaded it (staff user or integrator key reference).' })
  createdBy!: string;
  @Field()
  createdAt!: string;
  @Field(() => String, { nullable: true })
  startedAt!: string | null;
  @Field(() => String, { nullable: true })
  completedAt!: string | null;
}

@ObjectType({ description: 'One line of the error report: `line,position_id,field,code,message`.' })
export class BulkJobError {
  @Field(() => Int, { description: 'Line of the file (the header is line 1).' })
  line!: number;
  @Field()
  positionId!: string;
  @Field({ description: 'The column at fault; empty for a whole-file problem.' })
  field!: string;
  @Field({
    description: 'A stable code scripts can switch on, e.g. INVALID_FISCAL_CODE, DUPLICATE_INSTALMENT.',
  })
  code!: string;
  @Field()
  message!: string;
}
