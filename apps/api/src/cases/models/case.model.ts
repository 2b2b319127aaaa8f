import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { CASE_CONCLUSIONS, CASE_STATUSES } from '@sus/domain';
import { Connection } from '../../pagination/page-info.model';

const enumOf = <T extends string>(values: readonly T[]) =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

export const CaseStatus = enumOf(CASE_STATUSES);
registerEnumType(CaseStatus, { name: 'CaseStatus', description: 'Where a case (pratica) stands.' });

export const CaseConclusion = enumOf(CASE_CONCLUSIONS);
registerEnumType(CaseConclusion, { name: 'CaseConclusion', description: 'How a case ended.' });

export const TASK_OUTCOMES = ['approve', 'reject', 'requestIntegration', 'preavvisoRigetto'] as const;
export const TaskOutcome = enumOf(TASK_OUTCOMES);
registerEnumType(TaskOutcome, {
  name: 'TaskOutcome',
  description:
    'approve or reject the step; requestIntegration suspends the term once to ask the citizen for missing information (L. 241/1990 art. 2 c.7); preavvisoRigetto tells the citizen why the office means to refuse, with 10 days for observations (art. 10-bis), and must come before a reject.',
});

export const CASE_AWAITING = [
  'citizenForm',
  'citizenBooking',
  'payment',
  'staff',
  'integration',
  'observations',
  'timer',
] as const;
export const CaseAwaiting = enumOf(CASE_AWAITING);
registerEnumType(CaseAwaiting, { name: 'CaseAwaiting', description: 'What the current step waits for.' });

@ObjectType({ description: 'The step a case is at.' })
export class CaseStep {
  @Field()
  id!: string;

  @Field({ description: 'form, booking, payment, staffTask, notify, wait, decision or end.' })
  type!: string;

  @Field()
  title!: string;

  @Field(() => Int, { description: 'How many times the case has reached this step.' })
  visit!: number;

  @Field()
  since!: Date;

  @Field(() => CaseAwaiting, { nullable: true })
  awaiting!: string | null;
}

@ObjectType({ description: 'One thing that happened to a case, oldest first.' })
export class CaseEvent {
  @Field(() => Int)
  seq!: number;

  @Field()
  at!: Date;

  @Field({
    description: 'e.g. started, formSubmitted, taskDecided, noticeIssued, paymentReceived, concluded.',
  })
  kind!: string;

  @Field(() => String, { nullable: true })
  stepId!: string | null;

  @Field(() => String, { nullable: true, description: 'Who acted; null when the platform did.' })
  actor!: string | null;

  @Field({ description: 'What it carried (reason, notice number, date, …) as a JSON object text.' })
  detail!: string;
}

@ObjectType({ description: 'The slot a case holds.' })
export class CaseBooking {
  @Field()
  resourceCode!: string;

  @Field()
  resourceName!: string;

  @Field({ description: 'YYYY-MM-DD, Europe/Rome.' })
  date!: string;

  @Field({ description: 'HH:MM, Europe/Rome.' })
  start!: string;

  @Field()
  end!: string;

  @Field({ description: 'held (until paid), confirmed, released.' })
  status!: string;
}

@ObjectType({ description: 'A pagoPA notice the case issued.' })
export class CasePayment {
  @Field()
  stepId!: string;

  @Field()
  noticeNumber!: string;

  @Field(() => Int)
  amountCents!: number;

  @Field()
  dueDate!: string;

  @Field({ description: 'issued, paid, expired, cancelled, failed.' })
  status!: string;
}

@ObjectType({ description: 'Work for the office on a case.' })
export class CaseTask {
  @Field()
  caseNumber!: string;

  @Field()
  enteCode!: string;

  @Field()
  stepId!: string;

  @Field(() => Int)
  visit!: number;

  @Field()
  title!: string;

  @Field(() => String, { nullable: true, description: 'The org unit it is assigned to (code).' })
  unit!: string | null;

  @Field(() => String, { nullable: true, description: 'The role it is assigned to.' })
  role!: string | null;

  @Field({ description: 'open, claimed, done, cancelled.' })
  status!: string;

  @Field(() => String, { nullable: true })
  claimedBy!: string | null;

  @Field(() => String, { nullable: true })
  outcome!: string | null;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: "The statutory term's clock (L. 241/1990 art. 2)." })
export class CaseClock {
  @Field({ description: 'notStarted, running, suspended, expired, closed.' })
  state!: string;

  @Field(() => String, { nullable: true, description: 'The day the application was received.' })
  receivedOn!: string | null;

  @Field(() => String, { nullable: true, description: 'The last day of the term (rolled past holidays).' })
  deadline!: string | null;

  @Field({ description: 'Whether the one suspension for missing information was used.' })
  c7Used!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Who holds the potere sostitutivo, once the term expired without a decision.',
  })
  escalatedTo!: string | null;
}

@ObjectType({ description: "A case (pratica): a citizen's application and its iter." })
export class Case {
  @Field()
  caseNumber!: string;

  @Field()
  enteCode!: string;

  @Field()
  procedureCode!: string;

  @Field()
  serviceCode!: string;

  @Field(() => Int, { description: 'The published version of the procedure the case runs on.' })
  versionNumber!: number;

  @Field(() => CaseStatus)
  status!: string;

  @Field(() => CaseConclusion, { nullable: true })
  conclusion!: string | null;

  @Field()
  applicantName!: string;

  @Field(() => CaseStep, { nullable: true })
  currentStep!: CaseStep | null;

  @Field(() => CaseClock)
  clock!: CaseClock;

  @Field(() => Date, { nullable: true })
  receivedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  concludedAt!: Date | null;

  @Field(() => CaseBooking, { nullable: true })
  booking!: CaseBooking | null;

  @Field(() => [CasePayment])
  payments!: CasePayment[];

  @Field(() => CaseTask, { nullable: true, description: 'The task the office is working on.' })
  openTask!: CaseTask | null;

  @Field(() => [CaseEvent], { description: 'Every step, date and who acted, oldest first.' })
  timeline!: CaseEvent[];
}

export const CaseConnection = Connection(Case, 'Case', 'A page of cases, newest first.');
export type CaseConnection = InstanceType<typeof CaseConnection>;

export const CaseTaskConnection = Connection(CaseTask, 'CaseTask', 'A page of tasks, oldest first.');
export type CaseTaskConnection = InstanceType<typeof CaseTaskConnection>;
