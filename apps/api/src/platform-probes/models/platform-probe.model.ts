import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum PlatformProbeStatus {
  STARTED = 'started',
  COMPLETED = 'completed',
}
registerEnumType(PlatformProbeStatus, { name: 'PlatformProbeStatus' });

@ObjectType({ description: 'An end-to-end check: API → Temporal workflow → worker activity → Postgres.' })
export class PlatformProbe {
  @Field(() => ID)
  id!: string;

  @Field(() => PlatformProbeStatus)
  status!: PlatformProbeStatus;

  @Field({ description: 'Temporal workflow id, to find the run in the Temporal UI.' })
  workflowId!: string;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => String, { nullable: true, description: 'The worker process that completed the probe.' })
  workerIdentity!: string | null;

  @Field()
  requestedAt!: Date;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}

@ObjectType({ description: 'A probe just handed to Temporal; query platformProbe(id) to follow it.' })
export class PlatformProbeRun {
  @Field(() => ID)
  id!: string;

  @Field()
  workflowId!: string;
}
