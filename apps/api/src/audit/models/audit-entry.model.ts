import { Field, ID, ObjectType } from '@nestjs/graphql';
import { ActorKind } from '../../identity/models/viewer.model';

@ObjectType({ description: 'One audit log entry. Fiscal codes appear only as pseudonyms (cf:…).' })
export class AuditLogEntry {
  @Field(() => ID)
  id!: string;

  @Field()
  at!: Date;

  @Field()
  requestId!: string;

  @Field(() => ActorKind)
  actorKind!: string;

  @Field(() => String, {
    nullable: true,
    description: 'staff:<user id>, apiKey:<key id> or citizen:<pseudonym>.',
  })
  actorRef!: string | null;

  @Field(() => String, { nullable: true })
  enteCode!: string | null;

  @Field()
  action!: string;

  @Field()
  entity!: string;

  @Field(() => String, { nullable: true })
  entityId!: string | null;

  @Field(() => String, { nullable: true, description: 'The state before the change, as JSON.' })
  before!: string | null;

  @Field(() => String, { nullable: true, description: 'The state after the change, as JSON.' })
  after!: string | null;
}

@ObjectType()
export class AuditLogPage {
  @Field(() => [AuditLogEntry], { description: 'Newest first.' })
  entries!: AuditLogEntry[];

  @Field(() => ID, { nullable: true, description: 'Pass as `before` for older entries; null at the start.' })
  nextBefore!: string | null;
}
