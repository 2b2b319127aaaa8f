export * from './procedure.entity';
export * from './procedures.service';
export * from './procedure-version.entity';
export * from './procedure-versions.service';
/** The record ProceduresService returns; defined with the rule that builds it (effectiveProcedure). */
export type { Procedure } from '@sus/domain';
