import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConceptType, ConceptValidation } from '../../concepts/models/concept.model';

export enum DraftSource {
  TEMPLATE = 'template',
  VERSION = 'version',
  SCRATCH = 'scratch',
}
registerEnumType(DraftSource, {
  name: 'DraftSource',
  description:
    "Where a draft starts: the region's model (TEMPLATE), a published version (VERSION), or nothing (SCRATCH).",
});

export enum DraftStatus {
  OPEN = 'open',
  PUBLISHED = 'published',
  DISCARDED = 'discarded',
}
registerEnumType(DraftStatus, { name: 'DraftStatus' });

export enum VersionOwner {
  TEMPLATE = 'template',
  ENTE = 'ente',
}
registerEnumType(VersionOwner, {
  name: 'VersionOwner',
  description: "A regional template's version, or an ente's own version of the procedure it adopted.",
});

@ObjectType({ description: 'A procedure model being edited (bozza); never run except by simulation.' })
export class ProcedureDraft {
  @Field(() => ID)
  id!: string;

  @Field(() => String, {
    nullable: true,
    description: "The ente's IPA code; null for a regional template's draft.",
  })
  enteCode!: string | null;

  @Field()
  procedureCode!: string;

  @Field(() => DraftSource)
  source!: DraftSource;

  @Field(() => ID, { nullable: true, description: 'The published version the draft was copied from.' })
  sourceVersionId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The regional version the draft specialises.' })
  basedOnTemplateVersionId!: string | null;

  @Field(() => Int, {
    description: 'Grows by one with every saved edit; updates name the revision they edited.',
  })
  revision!: number;

  @Field({
    description: 'The procedure model as JSON text (docs/procedure-model.schema.json); may be invalid.',
  })
  document!: string;

  @Field(() => DraftStatus)
  status!: DraftStatus;

  @Field(() => ID, { nullable: true })
  publishedVersionId!: string | null;

  @Field()
  createdBy!: string;

  @Field()
  createdAt!: string;

  @Field()
  updatedAt!: string;
}

@ObjectType({ description: 'A problem of a model, where it is: the step and the path of the field.' })
export class ModelProblem {
  @Field({ description: 'Stable code, e.g. UNKNOWN_STEP, UNREACHABLE_STEP, UNKNOWN_CONCEPT.' })
  code!: string;

  @Field(() => [String], { description: 'Path inside the document, e.g. ["steps", "3", "next"].' })
  path!: string[];

  @Field(() => String, { nullable: true })
  stepId!: string | null;

  @Field({ description: 'Italian.' })
  message!: string;

  @Field()
  messageEn!: string;
}

@ObjectType()
export class DraftValidation {
  @Field()
  valid!: boolean;

  @Field(() => [ModelProblem])
  problems!: ModelProblem[];
}

@ObjectType({ description: 'A text in Italian and English (Italian where no English is given).' })
export class PreviewText {
  @Field()
  it!: string;

  @Field()
  en!: string;
}

@ObjectType({ description: 'One field of a form as the citizen will see it.' })
export class PreviewField {
  @Field()
  key!: string;

  @Field({ description: 'The Business Catalog concept that types and validates it.' })
  concept!: string;

  @Field(() => ConceptType)
  type!: ConceptType;

  @Field({ description: 'The control: text, textarea, number, money, date, checkbox, select, email, tel.' })
  input!: string;

  @Field(() => PreviewText)
  label!: PreviewText;

  @Field(() => PreviewText, { nullable: true })
  help!: PreviewText | null;

  @Field()
  required!: boolean;

  @Field({ description: 'Personal data.' })
  sensitive!: boolean;

  @Field(() => [String])
  options!: string[];

  @Field(() => ConceptValidation)
  validation!: ConceptValidation;

  @Field(() => String, {
    nullable: true,
    description: 'The condition (JSON) under which the field is asked.',
  })
  condition!: string | null;

  @Field(() => PreviewText, { nullable: true, description: 'The condition in words.' })
  conditionText!: PreviewText | null;
}

@ObjectType({ description: 'The form of a `form` step, built from Business Catalog concepts.' })
export class FormPreview {
  @Field()
  stepId!: string;

  @Field(() => PreviewText)
  title!: PreviewText;

  @Field(() => [PreviewField])
  fields!: PreviewField[];
}

@ObjectType({ description: 'A published, numbered, immutable procedure model.' })
export class ProcedureVersion {
  @Field(() => ID)
  id!: string;

  @Field(() => VersionOwner)
  owner!: VersionOwner;

  @Field()
  procedureCode!: string;

  @Field(() => String, { nullable: true })
  enteCode!: string | null;

  @Field(() => Int)
  version!: number;

  @Field({ description: 'The model as JSON text.' })
  document!: string;

  @Field()
  publishedAt!: string;

  @Field()
  publishedBy!: string;

  @Field(() => ID, { nullable: true, description: "An ente's version: the regional version it specialised." })
  basedOnTemplateVersionId!: string | null;
}

@ObjectType({ description: 'One value that differs; `from` and `to` are JSON (null when absent).' })
export class ValueChange {
  @Field()
  path!: string;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true })
  to!: string | null;
}

@ObjectType()
export class StepSummary {
  @Field()
  stepId!: string;

  @Field()
  type!: string;

  @Field()
  title!: string;
}

@ObjectType()
export class FieldChange {
  @Field()
  key!: string;

  @Field(() => [ValueChange])
  changes!: ValueChange[];
}

@ObjectType()
export class StepDiff extends StepSummary {
  @Field(() => [ValueChange])
  changes!: ValueChange[];

  @Field(() => [String])
  fieldsAdded!: string[];

  @Field(() => [String])
  fieldsRemoved!: string[];

  @Field(() => [FieldChange])
  fieldsChanged!: FieldChange[];
}

@ObjectType({ description: 'What changed between two versions of a procedure model.' })
export class ModelDiff {
  @Field(() => [StepSummary])
  stepsAdded!: StepSummary[];

  @Field(() => [StepSummary])
  stepsRemoved!: StepSummary[];

  @Field(() => [StepDiff])
  stepsChanged!: StepDiff[];

  @Field(() => [ValueChange], { description: 'The statutory term: days, kind, onSilence, closedBy.' })
  term!: ValueChange[];

  @Field(() => [ValueChange], { description: 'Title and start step.' })
  model!: ValueChange[];

  @Field()
  identical!: boolean;
}

@ObjectType({
  description:
    'A newer regional version offered to an ente that specialised an older one; never applied by itself.',
})
export class TemplateUpdate {
  @Field()
  procedureCode!: string;

  @Field(() => ProcedureVersion, { description: "The ente's version in force." })
  current!: ProcedureVersion;

  @Field(() => ProcedureVersion, { nullable: true, description: 'The regional version it specialised.' })
  basedOn!: ProcedureVersion | null;

  @Field(() => ProcedureVersion)
  offered!: ProcedureVersion;

  @Field(() => ModelDiff, { description: "From the ente's version to the offered one." })
  diff!: ModelDiff;

  @Field(() => ModelDiff, {
    nullable: true,
    description: 'What the region changed since the version the ente specialised.',
  })
  regionalChanges!: ModelDiff | null;
}
