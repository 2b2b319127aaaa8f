import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';

export const MessageChannel = { io: 'io', email: 'email', none: 'none' } as const;
registerEnumType(MessageChannel, {
  name: 'MessageChannel',
  description: 'Where the message reached the citizen: App IO, the e-mail fallback, or nowhere (yet).',
});

export const MessageDeliveryStatus = {
  pending: 'pending',
  invalid: 'invalid',
  accepted: 'accepted',
  processed: 'processed',
  failed: 'failed',
  rejected: 'rejected',
  fallbackSent: 'fallbackSent',
  undeliverable: 'undeliverable',
  unconfirmed: 'unconfirmed',
} as const;
registerEnumType(MessageDeliveryStatus, {
  name: 'MessageDeliveryStatus',
  description:
    'pending → accepted (by App IO) → processed (in the citizen’s IO inbox); rejected or failed at IO; ' +
    'fallbackSent by e-mail; undeliverable (not on IO or blocked, no e-mail address); invalid (refused ' +
    'before sending: limits or template); unconfirmed (IO’s answer was lost; never sent twice).',
});

@ObjectType({ description: 'One message to one citizen and what became of it.' })
export class MessageDelivery {
  @Field(() => ID, { description: 'The SUS delivery id.' })
  id!: string;

  @Field()
  enteCode!: string;

  @Field(() => String, { nullable: true })
  serviceCode!: string | null;

  @Field({ description: "The citizen's codice fiscale." })
  fiscalCode!: string;

  @Field(() => String, { nullable: true })
  caseNumber!: string | null;

  @Field(() => String, { nullable: true })
  noticeNumber!: string | null;

  @Field()
  idempotencyKey!: string;

  @Field(() => String, { nullable: true })
  subject!: string | null;

  @Field(() => MessageChannel)
  channel!: string;

  @Field(() => MessageDeliveryStatus)
  status!: string;

  @Field(() => String, {
    nullable: true,
    description: 'allowed, blocked or notOnIo, once the profile was read.',
  })
  ioProfile!: string | null;

  @Field(() => String, {
    nullable: true,
    description: "App IO's status: ACCEPTED, THROTTLED, PROCESSED, FAILED, REJECTED.",
  })
  ioStatus!: string | null;

  @Field(() => Int, { description: 'Submissions to App IO (at most one reaches it).' })
  attempts!: number;

  @Field(() => String, { nullable: true, description: 'Why the message was refused, rejected or fell back.' })
  failure!: string | null;

  @Field()
  createdAt!: Date;

  @Field()
  updatedAt!: Date;

  @Field(() => Date, { nullable: true })
  submittedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  emailedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  completedAt!: Date | null;
}
