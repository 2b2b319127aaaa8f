import { Field, InputType, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export enum SimulationActionKind {
  SUBMIT_FORM = 'submitForm',
  BOOK = 'book',
  PAY = 'pay',
  APPROVE = 'approve',
  REJECT = 'reject',
  REQUEST_INTEGRATION = 'requestIntegration',
  PREAVVISO_RIGETTO = 'preavvisoRigetto',
  REPLY = 'reply',
  WITHDRAW = 'withdraw',
  NOTHING = 'nothing',
}
registerEnumType(SimulationActionKind, {
  name: 'SimulationActionKind',
  description:
    "What the citizen (SUBMIT_FORM, BOOK, PAY, REPLY, WITHDRAW) or the office (APPROVE, REJECT, REQUEST_INTEGRATION, PREAVVISO_RIGETTO) does; NOTHING lets the case's own timers decide.",
});

@InputType({
  description:
    'Done when the case waits on stepId (its visit-th time, default any), afterDays days after the step began (default 0). A step without action is left alone.',
})
export class SimulationActionInput {
  @Field()
  stepId!: string;

  @Field(() => Int, { nullable: true })
  visit?: number | null;

  @Field(() => SimulationActionKind)
  action!: SimulationActionKind;

  @Field(() => Int, { nullable: true })
  afterDays?: number | null;

  @Field(() => String, {
    nullable: true,
    description:
      'JSON: the form answers (SUBMIT_FORM, REPLY), or {"date","start"} for BOOK (default: first day offered, 10:00).',
  })
  data?: string | null;

  @Field(() => String, { nullable: true, description: 'Shown to the citizen; needed for all but APPROVE.' })
  reason?: string | null;
}

@ObjectType({ description: 'One entry of the simulated timeline, at its simulated date.' })
export class SimulationEntry {
  @Field({ description: 'Simulated instant (ISO 8601).' })
  at!: string;

  @Field({ description: 'The civil day in Rome (YYYY-MM-DD).' })
  day!: string;

  @Field()
  kind!: string;

  @Field(() => String, { nullable: true })
  stepId!: string | null;

  @Field()
  actor!: string;

  @Field({ description: 'JSON.' })
  detail!: string;
}

@ObjectType()
export class SimulationClock {
  @Field()
  state!: string;

  @Field(() => String, { nullable: true })
  receivedOn!: string | null;

  @Field(() => String, { nullable: true })
  deadline!: string | null;

  @Field(() => String, { nullable: true })
  escalatedTo!: string | null;
}

@ObjectType()
export class SimulationPayment {
  @Field()
  stepId!: string;

  @Field()
  noticeNumber!: string;

  @Field(() => Int)
  amountCents!: number;

  @Field()
  dueDate!: string;

  @Field()
  status!: string;
}

@ObjectType({ description: 'A scripted action the case refused, with its reason.' })
export class SimulationRefusal {
  @Field()
  stepId!: string;

  @Field(() => SimulationActionKind)
  action!: SimulationActionKind;

  @Field()
  code!: string;

  @Field()
  message!: string;
}

@ObjectType({
  description: 'A draft run as a case on a time-skipping server: what would happen, at which dates.',
})
export class SimulationResult {
  @Field()
  status!: string;

  @Field(() => String, { nullable: true })
  conclusion!: string | null;

  @Field({ description: 'False when maxDays passed first (the case waits for something nobody scripted).' })
  finished!: boolean;

  @Field()
  startedAt!: string;

  @Field({ description: 'Simulated instant the simulation stopped at.' })
  endedAt!: string;

  @Field(() => [SimulationEntry])
  timeline!: SimulationEntry[];

  @Field(() => SimulationClock)
  clock!: SimulationClock;

  @Field(() => [SimulationPayment])
  payments!: SimulationPayment[];

  @Field(() => [SimulationRefusal])
  refused!: SimulationRefusal[];

  @Field(() => Int, { description: 'Real milliseconds the run took.' })
  elapsedMs!: number;
}
