import {
  applyStepEdit,
  diffProcedureModels,
  MARRIAGE_CONCEPTS,
  MARRIAGE_MODEL,
  previewForm,
  procedureModelSchema,
  type ProcedureModel,
} from '@sus/domain';

const concepts = new Map(MARRIAGE_CONCEPTS.map(({ code, definition }) => [code, definition]));
const marriage = (): ProcedureModel => procedureModelSchema.parse(structuredClone(MARRIAGE_MODEL));
const ids = (document: Record<string, unknown>) =>
  (document.steps as { id: string }[]).map((step) => step.id);

describe('applyStepEdit', () => {
  const wait = { id: 'pausa', type: 'wait', title: { it: 'Pausa' }, duration: { days: 1 }, next: 'verifica' };

  it('adds a step after another, first, or last, and leaves the input untouched', () => {
    const before = marriage();
    const after = applyStepEdit(before, { kind: 'add', step: wait, after: 'pagamento' });
    expect(ids(after).slice(4, 6)).toEqual(['pagamento', 'pausa']);
    expect(ids(applyStepEdit(before, { kind: 'add', step: wait, after: null }))[0]).toBe('pausa');
    expect(ids(applyStepEdit(before, { kind: 'add', step: wait })).at(-1)).toBe('pausa');
    expect(ids(before)).not.toContain('pausa');
  });

  it('replaces, removes and moves steps by id', () => {
    const replaced = applyStepEdit(marriage(), {
      kind: 'replace',
      stepId: 'affissione',
      step: { ...marriage().steps[2], duration: { days: 10 } },
    });
    expect((replaced.steps as { duration?: unknown }[])[2]!.duration).toEqual({ days: 10 });
    expect(ids(applyStepEdit(marriage(), { kind: 'remove', stepId: 'decaduta' }))).not.toContain('decaduta');
    expect(ids(applyStepEdit(marriage(), { kind: 'move', stepId: 'decaduta', after: null }))[0]).toBe(
      'decaduta',
    );
  });

  it('refuses an unknown step, a duplicate id, a step without id and a document without steps', () => {
    expect(() => applyStepEdit(marriage(), { kind: 'remove', stepId: 'nessuno' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT', details: { field: 'edit.stepId' } }),
    );
    expect(() => applyStepEdit(marriage(), { kind: 'add', step: { ...wait, id: 'domanda' } })).toThrow(
      expect.objectContaining({ details: { field: 'edit.step.id' } }),
    );
    expect(() => applyStepEdit(marriage(), { kind: 'add', step: { type: 'wait' } })).toThrow(
      expect.objectContaining({ details: { field: 'edit.step.id' } }),
    );
    expect(() => applyStepEdit('testo', { kind: 'remove', stepId: 'x' })).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => applyStepEdit({ steps: 'no' }, { kind: 'remove', stepId: 'x' })).toThrow(
      expect.objectContaining({ details: { field: 'document.steps' } }),
    );
  });
});

describe('diffProcedureModels', () => {
  it('reports nothing between a model and itself, defaults written out or not', () => {
    expect(diffProcedureModels(marriage(), procedureModelSchema.parse(MARRIAGE_MODEL)).identical).toBe(true);
  });

  it('names steps added, removed and changed, the form fields and the term', () => {
    const from = marriage();
    const to = marriage();
    const form = to.steps[0] as Extract<ProcedureModel['steps'][number], { type: 'form' }>;
    form.fields.push({ key: 'spouse1.email', concept: 'person.fullName', required: false });
    form.fields = form.fields.filter((field) => field.key !== 'notes');
    form.fields[0] = { ...form.fields[0]!, required: false };
    to.steps = to.steps.filter((step) => step.id !== 'decaduta');
    (to.steps.find((step) => step.id === 'prenotazione') as { onLapse?: string }).onLapse = 'respinta';
    to.steps.push({ id: 'archiviata', type: 'end', title: { it: 'Archiviata' }, conclusion: 'expired' });
    to.term = { ...to.term, days: 5 };
    const diff = diffProcedureModels(from, to);
    expect(diff.identical).toBe(false);
    expect(diff.stepsAdded).toEqual([{ stepId: 'archiviata', type: 'end', title: 'Archiviata' }]);
    expect(diff.stepsRemoved).toEqual([{ stepId: 'decaduta', type: 'end', title: 'Pubblicazioni decadute' }]);
    expect(diff.stepsChanged.map((step) => step.stepId)).toEqual(['domanda', 'prenotazione']);
    expect(diff.stepsChanged[0]).toMatchObject({
      fieldsAdded: ['spouse1.email'],
      fieldsRemoved: ['notes'],
      fieldsChanged: [{ key: 'spouse1.givenName', changes: [{ path: 'required', from: true, to: false }] }],
      changes: [],
    });
    expect(diff.stepsChanged[1]!.changes).toEqual([{ path: 'onLapse', from: 'decaduta', to: 'respinta' }]);
    expect(diff.term).toEqual([{ path: 'days', from: 3, to: 5 }]);
  });

  it('sees a reordered form as a change of the step', () => {
    const to = marriage();
    const form = to.steps[0] as { fields: unknown[] };
    form.fields.reverse();
    expect(diffProcedureModels(marriage(), to).stepsChanged[0]!.changes[0]!.path).toBe('fields.order');
  });
});

describe('previewForm', () => {
  it('describes each field from its concept in Italian and English, with the step label first', () => {
    const document = structuredClone(MARRIAGE_MODEL) as { steps: { id: string; fields?: unknown[] }[] };
    document.steps[0]!.fields!.push({
      key: 'interpreter',
      concept: 'person.fullName',
      required: false,
      when: { field: 'rite', equals: 'civile' },
    });
    const preview = previewForm(document, 'domanda', concepts);
    expect(preview.title).toEqual({
      it: 'Richiesta di pubblicazioni e di matrimonio',
      en: 'Request for banns and wedding',
    });
    expect(preview.fields[2]).toEqual({
      key: 'spouse1.fiscalCode',
      concept: 'person.fiscalCode',
      type: 'fiscalCode',
      input: 'text',
      label: { it: 'Codice fiscale del primo nubendo', en: "First spouse's fiscal code" },
      help: { it: 'I 16 caratteri della tessera sanitaria.', en: 'The 16 characters on the health card.' },
      required: true,
      sensitive: true,
      options: [],
      validation: {},
      condition: null,
      conditionText: null,
    });
    expect(preview.fields.find((field) => field.key === 'rite')).toMatchObject({
      input: 'select',
      options: ['civile'],
    });
    expect(preview.fields.at(-1)).toMatchObject({
      label: { it: 'Nome e cognome', en: 'Full name' },
      required: false,
      condition: { field: 'rite', equals: 'civile' },
      conditionText: { it: '«Rito» è «civile»', en: '«Rite» is «civile»' },
    });
  });

  it('refuses a step that is not a form, is missing, or uses an unknown concept', () => {
    expect(() => previewForm(MARRIAGE_MODEL, 'affissione', concepts)).toThrow(
      expect.objectContaining({ code: 'INVALID_PROCEDURE_MODEL' }),
    );
    expect(() => previewForm(MARRIAGE_MODEL, 'nessuno', concepts)).toThrow(
      expect.objectContaining({ code: 'BAD_USER_INPUT' }),
    );
    expect(() => previewForm(MARRIAGE_MODEL, 'domanda', new Map())).toThrow(/person.givenName/);
  });
});
