import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Node } from '../../node/node.model';
import { Connection } from '../../pagination/page-info.model';

export enum StartType {
  ISTANZA_DI_PARTE = 'istanzaDiParte',
  D_UFFICIO = 'dUfficio',
}
registerEnumType(StartType, {
  name: 'StartType',
  description: "Started by the citizen's istanza or by the office.",
});

export enum TermKind {
  CALENDAR_DAYS = 'calendarDays',
  BUSINESS_DAYS = 'businessDays',
}
registerEnumType(TermKind, { name: 'TermKind', description: 'How the term in days is counted.' });

export enum ConclusionType {
  PROVVEDIMENTO_ESPRESSO = 'provvedimentoEspresso',
  SILENZIO_ASSENSO = 'silenzioAssenso',
  SCIA = 'scia',
  SILENZIO_RIGETTO = 'silenzioRigetto',
}
registerEnumType(ConclusionType, {
  name: 'ConclusionType',
  description: 'How the procedure ends (L. 241/1990 artt. 2, 19, 20).',
});

export enum ProcedureField {
  NAME = 'name',
  SUBJECT_AREA = 'subjectArea',
  START_TYPE = 'startType',
  LEGISLATION = 'legislation',
  TERM_DAYS = 'termDays',
  TERM_KIND = 'termKind',
  CONCLUSION_TYPE = 'conclusionType',
  TRANSPARENCY_NOTICE = 'transparencyNotice',
  DEADLINES = 'deadlines',
}
registerEnumType(ProcedureField, {
  name: 'ProcedureField',
  description: 'A procedure field a regional template defines and an ente may override.',
});

@ObjectType({
  implements: () => [Node],
  description: "An ente's procedimento: the regional template with the ente's overrides on top.",
})
export class Procedure implements Node {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Unique in the ente; the template code.' })
  code!: string;

  @Field()
  templateCode!: string;

  @Field()
  name!: string;

  @Field({ description: 'Materia, e.g. "Anagrafe e stato civile".' })
  subjectArea!: string;

  @Field(() => StartType)
  startType!: StartType;

  @Field(() => [String], { description: 'Legal basis, e.g. "D.P.R. 396/2000".' })
  legislation!: string[];

  @Field(() => Int, { description: 'Term to conclude the procedure (L. 241/1990 art. 2).' })
  termDays!: number;

  @Field(() => TermKind)
  termKind!: TermKind;

  @Field(() => ConclusionType)
  conclusionType!: ConclusionType;

  @Field(() => String, { nullable: true, description: 'The D.Lgs. 33/2013 art. 35 notice.' })
  transparencyNotice!: string | null;

  @Field(() => [String], { description: 'Other dates the citizen must know.' })
  deadlines!: string[];

  @Field(() => [ProcedureField], { description: 'Fields the ente set itself; the rest follow the template.' })
  overriddenFields!: ProcedureField[];

  @Field(() => [ProcedureField], { description: 'Fields the template does not let enti override.' })
  lockedFields!: ProcedureField[];
}

export const ProcedureConnection = Connection(
  Procedure,
  'Procedure',
  'A page of procedures, ordered by code.',
);
export type ProcedureConnection = InstanceType<typeof ProcedureConnection>;

@ObjectType({
  description: 'A regional procedure template (tavolo regionale) enti adopt with adoptProcedure.',
})
export class ProcedureTemplate {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field()
  subjectArea!: string;

  @Field(() => StartType)
  startType!: StartType;

  @Field(() => [String])
  legislation!: string[];

  @Field(() => Int)
  termDays!: number;

  @Field(() => TermKind)
  termKind!: TermKind;

  @Field(() => ConclusionType)
  conclusionType!: ConclusionType;

  @Field(() => String, { nullable: true })
  transparencyNotice!: string | null;

  @Field(() => [String])
  deadlines!: string[];

  @Field(() => [ProcedureField], { description: 'Fields enti may not override.' })
  lockedFields!: ProcedureField[];

  @Field(() => String, {
    nullable: true,
    description: 'Who should hold the potere sostitutivo in each ente.',
  })
  substitutePowerTitle!: string | null;
}
