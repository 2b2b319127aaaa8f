import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MARRIAGE_MODEL, procedureModelJsonSchema } from '@sus/domain';

const COMMITTED = join(__dirname, '../../../../docs/procedure-model.schema.json');
const REGENERATE =
  'WRITE_PROCEDURE_MODEL_SCHEMA=1 node_modules/.bin/jest libs/domain/src/procedures/procedure-model-json-schema.spec.ts --selectProjects unit';

/** Exactly what the committed file holds: two-space JSON and a final newline (prettier's form). */
function render(): string {
  return `${JSON.stringify(procedureModelJsonSchema(), null, 2)}\n`;
}

describe('procedureModelJsonSchema', () => {
  it('matches the committed docs/procedure-model.schema.json', () => {
    const generated = render();
    if (process.env.WRITE_PROCEDURE_MODEL_SCHEMA === '1') writeFileSync(COMMITTED, generated);
    const committed = readFileSync(COMMITTED, 'utf8');
    if (committed !== generated) {
      throw new Error(
        `docs/procedure-model.schema.json is not the schema procedure-model.ts generates. Regenerate it with\n  ${REGENERATE}\nand commit it.`,
      );
    }
  });

  it('describes what a modeller writes: defaults are optional, unknown properties refused', () => {
    const schema = procedureModelJsonSchema() as {
      $schema: string;
      required: string[];
      additionalProperties: boolean;
      properties: { term: { required: string[] } };
    };
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['schemaVersion', 'procedureCode', 'title', 'term', 'start', 'steps']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.term.required).toEqual(['days', 'onSilence']);
    // Every step type is described, and conditions refer to themselves by $ref.
    const text = JSON.stringify(schema);
    for (const type of ['form', 'booking', 'payment', 'staffTask', 'notify', 'wait', 'decision', 'end']) {
      expect(text).toContain(`"const":"${type}"`);
    }
    expect(text).toContain('"$ref"');
  });

  it('is plain JSON the marriage model can be checked against by any tool', () => {
    expect(JSON.parse(render())).toEqual(procedureModelJsonSchema());
    expect(JSON.parse(JSON.stringify(MARRIAGE_MODEL))).toEqual(MARRIAGE_MODEL);
  });
});
