import { z } from 'zod';
import { procedureModelSchema } from './procedure-model';

/**
 * The procedure-model language as JSON Schema (draft 2020-12), for editors and integrators that
 * write models without our code. It describes what a modeller writes (`io: 'input'`), so fields
 * with defaults are optional. Refinements (a positive duration, toDays ≥ fromDays) and the graph
 * rules are beyond JSON Schema: validateProcedureModel remains the judge. The committed copy is
 * docs/procedure-model.schema.json.
 */
export function procedureModelJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(procedureModelSchema, { io: 'input' }) as Record<string, unknown>;
}
