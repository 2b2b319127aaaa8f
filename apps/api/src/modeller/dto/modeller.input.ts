import { Field, ID, InputType, registerEnumType } from '@nestjs/graphql';
import { DraftSource } from '../models/procedure-draft.model';

@InputType()
export class CreateProcedureDraftInput {
  @Field(() => String, {
    nullable: true,
    description: "The ente whose procedure the draft changes; absent for a regional template's draft.",
  })
  enteCode?: string | null;

  @Field({ description: "The procedure's (or template's) code." })
  procedureCode!: string;

  @Field(() => DraftSource)
  from!: DraftSource;

  @Field(() => ID, {
    nullable: true,
    description:
      "The version to copy; default the region's latest (TEMPLATE) or the ente's current (VERSION).",
  })
  versionId?: string | null;

  @Field(() => String, { nullable: true, description: "A SCRATCH draft's first document, as JSON text." })
  document?: string | null;
}

export enum StepEditKind {
  ADD = 'add',
  REPLACE = 'replace',
  REMOVE = 'remove',
  MOVE = 'move',
}
registerEnumType(StepEditKind, { name: 'StepEditKind' });

@InputType({
  description:
    'One edit of the steps: add (step, after), replace (stepId, step), remove (stepId), move (stepId, after).',
})
export class StepEditInput {
  @Field(() => StepEditKind)
  kind!: StepEditKind;

  @Field(() => String, { nullable: true })
  stepId?: string | null;

  @Field(() => String, { nullable: true, description: 'The step, as JSON text.' })
  step?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Add or move after this step; null puts it first; absent (add) puts it last.',
  })
  after?: string | null;
}
