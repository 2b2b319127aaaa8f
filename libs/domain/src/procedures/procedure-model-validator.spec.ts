import fc from 'fast-check';
import {
  isDomainError,
  MARRIAGE_CONCEPTS,
  MARRIAGE_MODEL,
  parseProcedureModel,
  successorsOf,
  validateProcedureModel,
  type ConceptDefinition,
  type ModelProblem,
  type ModelValidationContext,
  type ProcedureModelInput,
} from '@sus/domain';

const PROPERTY_RUNS = { numRuns: 300 };

const concepts = new Map(MARRIAGE_CONCEPTS.map(({ code, definition }) => [code, definition]));
const marriageContext: ModelValidationContext = {
  concepts,
  service: {
    fees: [{ amountCents: 10_000, description: 'Sala matrimoni' }],
    taxonomyCodes: ['9/0104102TS/'],
  },
  bookingResources: new Set(['SALA-MATRIMONI']),
  orgUnits: new Set(['AREA-SD', 'UFF-STC']),
};
const bare: ModelValidationContext = { concepts };

const title = (it: string) => ({ it });

/** A small model exercising one step of each kind; each test breaks one thing. */
function sample(): ProcedureModelInput & { steps: Record<string, unknown>[] } {
  return {
    schemaVersion: 1,
    procedureCode: 'SAMPLE',
    title: title('Esempio'),
    term: { days: 30, onSilence: 'provvedimentoEspresso' },
    start: 'domanda',
    steps: [
      {
        id: 'domanda',
        type: 'form',
        title: title('Domanda'),
        fields: [
          { key: 'rite', concept: 'marriage.rite' },
          { key: 'notes', concept: 'case.notes', required: false, when: { field: 'rite', equals: 'civile' } },
        ],
        next: 'scelta',
      },
      {
        id: 'scelta',
        type: 'decision',
        title: title('Scelta'),
        branches: [{ when: { field: 'notes', present: true }, next: 'attesa' }],
        otherwise: 'attesa',
      },
      { id: 'attesa', type: 'wait', title: title('Attesa'), duration: { days: 2 }, next: 'prenotazione' },
      {
        id: 'prenotazione',
        type: 'booking',
        title: title('Prenotazione'),
        resource: 'SALA-MATRIMONI',
        window: { after: 'attesa', fromDays: 1, toDays: 10 },
        hold: { days: 1 },
        next: 'pagamento',
        onLapse: 'decaduta',
      },
      {
        id: 'pagamento',
        type: 'payment',
        title: title('Pagamento'),
        dueInDays: 2,
        confirmsBooking: 'prenotazione',
        next: 'avviso',
        onExpired: 'prenotazione',
      },
      {
        id: 'avviso',
        type: 'notify',
        title: title('Avviso'),
        message: { subject: title('Oggetto'), markdown: title('Testo') },
        payment: 'pagamento',
        next: 'verifica',
      },
      {
        id: 'verifica',
        type: 'staffTask',
        title: title('Verifica'),
        assignee: { unit: 'UFF-STC' },
        outcomes: { approve: 'fine', reject: 'respinta' },
      },
      { id: 'fine', type: 'end', title: title('Fine'), conclusion: 'accepted' },
      { id: 'respinta', type: 'end', title: title('Respinta'), conclusion: 'rejected' },
      { id: 'decaduta', type: 'end', title: title('Decaduta'), conclusion: 'expired' },
    ],
  };
}

function problemsOf(input: unknown, context: ModelValidationContext = marriageContext): ModelProblem[] {
  const result = validateProcedureModel(input, context);
  return result.ok ? [] : result.problems;
}

function step(model: ReturnType<typeof sample>, id: string): Record<string, unknown> {
  const found = model.steps.find((s) => s.id === id);
  if (found === undefined) throw new Error(`no step ${id} in the sample`);
  return found;
}

describe('validateProcedureModel', () => {
  it('accepts the sample and fills the defaults in', () => {
    const result = validateProcedureModel(sample(), marriageContext);
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.model.term.kind).toBe('calendarDays');
    expect(result.model.steps[0]).toMatchObject({ fields: [{ required: true }, { required: false }] });
    expect(result.model.steps[4]).toMatchObject({ type: 'payment', feeIndex: 0 });
  });

  it('accepts the civil marriage with its concepts, a fee and taxonomy 9/0104102TS/', () => {
    expect(problemsOf(MARRIAGE_MODEL)).toEqual([]);
    expect(validateProcedureModel(MARRIAGE_MODEL, bare)).toMatchObject({ ok: true });
  });

  it('reports every shape problem with its path, naming the step', () => {
    const model = sample();
    step(model, 'attesa').duration = {};
    delete step(model, 'verifica').outcomes;
    model.steps.push({ id: 'Bad id', type: 'end', title: title('x'), conclusion: 'accepted' });
    model.steps.push({ id: 'strano', type: 'teleport', title: title('x') });
    const problems = problemsOf(model);
    expect(problems.every((p) => p.code === 'INVALID_SHAPE')).toBe(true);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          path: ['steps', 2, 'duration'],
          stepId: 'attesa',
          message: 'Passo "attesa", "duration": una durata deve essere maggiore di zero.',
          messageEn: 'Step "attesa", "duration": A duration must be longer than zero.',
        }),
        expect.objectContaining({
          path: ['steps', 6, 'outcomes'],
          stepId: 'verifica',
          message: 'Passo "verifica", "outcomes": manca.',
        }),
        expect.objectContaining({
          path: ['steps', 10, 'id'],
          message: expect.stringContaining('Passo n. 11, "id": un identificativo di passo inizia'),
        }),
        expect.objectContaining({
          path: ['steps', 11, 'type'],
          stepId: 'strano',
          message: expect.stringContaining('tipo di passo sconosciuto'),
        }),
      ]),
    );
    expect(problems).toHaveLength(4);
  });

  it('reports a malformed condition and a document that is not an object', () => {
    const model = sample();
    step(model, 'scelta').branches = [{ when: { field: 'notes', bogus: 1 }, next: 'attesa' }];
    expect(problemsOf(model)).toEqual([
      expect.objectContaining({
        path: ['steps', 1, 'branches', 0, 'when'],
        message: expect.stringContaining('condizione non riconosciuta'),
      }),
    ]);
    expect(problemsOf('{}')).toEqual([
      expect.objectContaining({ path: [], message: 'Il modello: deve essere un oggetto.' }),
    ]);
  });

  it('reports duplicate step ids, an unknown start and unknown successors', () => {
    const model = sample();
    model.steps.push({ id: 'fine', type: 'end', title: title('Altra fine'), conclusion: 'rejected' });
    step(model, 'verifica').outcomes = { approve: 'fine', reject: 'rigetto' };
    model.start = 'inizio';
    const problems = problemsOf(model);
    expect(problems).toEqual(
      expect.arrayContaining([
        {
          path: ['steps', 10, 'id'],
          stepId: 'fine',
          code: 'DUPLICATE_STEP_ID',
          message: 'Due passi si chiamano "fine": ogni passo deve avere un identificativo diverso.',
          messageEn: 'Two steps are called "fine": every step needs its own id.',
        },
        expect.objectContaining({ path: ['start'], code: 'UNKNOWN_STEP' }),
        expect.objectContaining({
          path: ['steps', 6, 'outcomes', 'reject'],
          stepId: 'verifica',
          code: 'UNKNOWN_STEP',
          message: 'Il passo "verifica" prosegue verso "rigetto", che non esiste.',
        }),
      ]),
    );
  });

  it('reports unreachable steps by name', () => {
    const model = sample();
    model.steps.push({
      id: 'pagamento2',
      type: 'wait',
      title: title('x'),
      duration: { hours: 1 },
      next: 'fine',
    });
    expect(problemsOf(model)).toEqual([
      {
        path: ['steps', 10],
        stepId: 'pagamento2',
        code: 'UNREACHABLE_STEP',
        message: 'Il passo "pagamento2" non è raggiungibile dall\'inizio.',
        messageEn: 'Step "pagamento2" cannot be reached from the start.',
      },
    ]);
  });

  it('reports each reachable step of a loop with no exit', () => {
    const model = sample();
    // The booking can no longer lapse: an unpaid notice sends the case round for ever.
    delete step(model, 'prenotazione').onLapse;
    step(model, 'avviso').next = 'prenotazione';
    const problems = problemsOf(model);
    expect(problems.map((p) => [p.code, p.stepId])).toEqual([
      ['NO_PATH_TO_END', 'domanda'],
      ['NO_PATH_TO_END', 'scelta'],
      ['NO_PATH_TO_END', 'attesa'],
      ['NO_PATH_TO_END', 'prenotazione'],
      ['NO_PATH_TO_END', 'pagamento'],
      ['NO_PATH_TO_END', 'avviso'],
      ['UNREACHABLE_STEP', 'verifica'],
      ['UNREACHABLE_STEP', 'fine'],
      ['UNREACHABLE_STEP', 'respinta'],
      ['UNREACHABLE_STEP', 'decaduta'],
    ]);
    expect(problems.find((p) => p.stepId === 'pagamento')?.message).toBe(
      'Dal passo "pagamento" non si arriva mai a una conclusione: la pratica resterebbe aperta per sempre.',
    );
  });

  it('reports unknown concepts, duplicate field keys and conditions on fields no form asks', () => {
    const model = sample();
    step(model, 'domanda').fields = [
      { key: 'rite', concept: 'marriage.rite' },
      { key: 'rite', concept: 'marriage.rito' },
      { key: 'notes', concept: 'case.notes', when: { all: [{ field: 'rito', equals: 'civile' }] } },
    ];
    step(model, 'scelta').branches = [{ when: { not: { field: 'note', present: true } }, next: 'attesa' }];
    expect(problemsOf(model)).toEqual([
      expect.objectContaining({
        code: 'UNKNOWN_CONCEPT',
        path: ['steps', 0, 'fields', 1, 'concept'],
        message: 'Il campo "rite" del passo "domanda" usa il dato "marriage.rito", che non è nel catalogo.',
      }),
      expect.objectContaining({
        code: 'DUPLICATE_FIELD_KEY',
        path: ['steps', 0, 'fields', 1, 'key'],
        message:
          'Il campo "rite" compare due volte nel passo "domanda": ogni campo deve avere una chiave diversa.',
      }),
      expect.objectContaining({
        code: 'UNKNOWN_CONDITION_FIELD',
        path: ['steps', 0, 'fields', 2, 'when'],
        message: 'Una condizione del passo "domanda" legge il campo "rito", che nessun modulo chiede.',
      }),
      expect.objectContaining({
        code: 'UNKNOWN_CONDITION_FIELD',
        path: ['steps', 1, 'branches', 0, 'when'],
        stepId: 'scelta',
      }),
    ]);
  });

  it('reports a payment the service cannot back, and skips the check without a service', () => {
    const model = sample();
    step(model, 'pagamento').feeIndex = 1;
    const context = {
      ...marriageContext,
      service: { fees: [{ amountCents: 100, description: 'x' }], taxonomyCodes: [] },
    };
    expect(problemsOf(model, context).map((p) => [p.code, p.path])).toEqual([
      ['NO_SERVICE_FEE', ['steps', 4, 'feeIndex']],
      ['NO_TAXONOMY_CODE', ['steps', 4]],
    ]);
    expect(problemsOf(model, { ...context, service: null })).toEqual([]);
  });

  it('reports references to steps of the wrong kind', () => {
    const model = sample();
    step(model, 'pagamento').confirmsBooking = 'attesa';
    step(model, 'avviso').payment = 'verifica';
    expect(problemsOf(model)).toEqual([
      expect.objectContaining({
        code: 'NOT_A_BOOKING_STEP',
        path: ['steps', 4, 'confirmsBooking'],
        message:
          'Il passo "pagamento" indica "attesa" come prenotazione da confermare, ma "attesa" non è una prenotazione.',
      }),
      expect.objectContaining({
        code: 'NOT_A_PAYMENT_STEP',
        path: ['steps', 5, 'payment'],
        stepId: 'avviso',
      }),
    ]);
    step(model, 'avviso').payment = 'pagato';
    expect(problemsOf(model).map((p) => p.code)).toEqual(['NOT_A_BOOKING_STEP', 'UNKNOWN_STEP']);
  });

  it('requires the booking window to start from a step on every path to the booking', () => {
    const model = sample();
    // A branch that skips the wait: the anchor might never have ended.
    step(model, 'scelta').branches = [{ when: { field: 'notes', present: true }, next: 'prenotazione' }];
    expect(problemsOf(model)).toEqual([
      expect.objectContaining({
        code: 'NOT_ALWAYS_BEFORE',
        path: ['steps', 3, 'window', 'after'],
        stepId: 'prenotazione',
        messageEn:
          'The booking window of step "prenotazione" starts from step "attesa", but "prenotazione" can be reached without passing "attesa".',
      }),
    ]);
    const anchoredOnItself = sample();
    (step(anchoredOnItself, 'prenotazione').window as { after: string }).after = 'prenotazione';
    expect(problemsOf(anchoredOnItself).map((p) => p.code)).toEqual(['NOT_ALWAYS_BEFORE']);
    const anchoredOnStart = sample();
    (step(anchoredOnStart, 'prenotazione').window as { after: string }).after = 'domanda';
    expect(problemsOf(anchoredOnStart)).toEqual([]);
    (step(anchoredOnStart, 'prenotazione').window as { after: string }).after = 'inizio';
    expect(problemsOf(anchoredOnStart).map((p) => [p.code, p.path])).toEqual([
      ['UNKNOWN_STEP', ['steps', 3, 'window', 'after']],
    ]);
  });

  it('requires the booking a payment confirms, and the payment a message attaches, to come first', () => {
    const model = sample();
    // The notice message now comes before the payment, and the payment skips the booking when
    // the decision says so.
    step(model, 'domanda').next = 'avviso';
    step(model, 'avviso').next = 'scelta';
    step(model, 'scelta').branches = [{ when: { field: 'notes', present: true }, next: 'pagamento' }];
    step(model, 'pagamento').next = 'verifica';
    step(model, 'pagamento').onExpired = 'decaduta';
    const problems = problemsOf(model);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'NOT_ALWAYS_BEFORE',
        path: ['steps', 4, 'confirmsBooking'],
        stepId: 'pagamento',
        message:
          'Il passo "pagamento" indica "prenotazione" come prenotazione da confermare, ma si può arrivare a "pagamento" senza passare da "prenotazione".',
      }),
      expect.objectContaining({
        code: 'NOT_ALWAYS_BEFORE',
        path: ['steps', 5, 'payment'],
        stepId: 'avviso',
        messageEn:
          'Step "avviso" names "pagamento" as its payment to attach, but "avviso" can be reached without passing "pagamento".',
      }),
    ]);
  });

  it('reports a condition comparing a field with a value it can never hold', () => {
    const model = sample();
    step(model, 'scelta').branches = [
      {
        when: {
          any: [
            { field: 'rite', equals: 'civil' },
            { field: 'rite', in: ['civile', 3] },
          ],
        },
        next: 'attesa',
      },
      { when: { field: 'notes', equals: 'ok' }, next: 'attesa' },
    ];
    expect(problemsOf(model)).toEqual([
      {
        path: ['steps', 1, 'branches', 0, 'when'],
        stepId: 'scelta',
        code: 'IMPOSSIBLE_CONDITION',
        message:
          'Una condizione del passo "scelta" confronta il campo "rite" con "civil", un valore che il campo non può avere (valori ammessi: civile).',
        messageEn:
          'A condition of step "scelta" compares field "rite" with "civil", a value the field cannot hold (allowed values: civile).',
      },
      expect.objectContaining({ code: 'IMPOSSIBLE_CONDITION', message: expect.stringContaining('con 3,') }),
    ]);
  });

  it('checks resources and org units only when the context lists them', () => {
    const model = sample();
    step(model, 'prenotazione').resource = 'SALA-GIUNTA';
    step(model, 'verifica').assignee = { unit: 'UFF-XYZ', role: 'manager' };
    expect(problemsOf(model).map((p) => [p.code, p.path])).toEqual([
      ['UNKNOWN_BOOKING_RESOURCE', ['steps', 3, 'resource']],
      ['UNKNOWN_ORG_UNIT', ['steps', 6, 'assignee', 'unit']],
    ]);
    expect(problemsOf(model, { ...marriageContext, bookingResources: null, orgUnits: undefined })).toEqual(
      [],
    );
  });

  it('reports an unknown term.closedBy', () => {
    const model = sample();
    model.term = { ...model.term, closedBy: 'chiusura' };
    expect(problemsOf(model)).toEqual([
      expect.objectContaining({ code: 'UNKNOWN_STEP', path: ['term', 'closedBy'] }),
    ]);
  });

  it('reports a term no longer than the fixed waits on the shortest path to its closing step', () => {
    const model = sample();
    model.term = { ...model.term, days: 2 };
    expect(problemsOf(model)).toEqual([
      {
        path: ['term', 'days'],
        code: 'TERM_SHORTER_THAN_WAITS',
        message:
          'Il termine di 2 giorni non basta: le attese fisse fino alla conclusione durano già almeno 2 giorni.',
        messageEn:
          'The term of 2 days is too short: the fixed waits before an end already last at least 2 days.',
      },
    ]);
    model.term = { ...model.term, days: 3 };
    expect(problemsOf(model)).toEqual([]);
    // Closed before the wait, the term does not have to cover it.
    model.term = { ...model.term, days: 1, closedBy: 'scelta' };
    expect(problemsOf(model)).toEqual([]);
    model.term = { ...model.term, days: 2, closedBy: 'attesa' };
    expect(problemsOf(model).map((p) => p.code)).toEqual(['TERM_SHORTER_THAN_WAITS']);
    // Hours of a test version are not whole days.
    step(model, 'attesa').duration = { hours: 47 };
    expect(problemsOf(model)).toEqual([]);
  });

  it('counts the marriage posting against the term only when nothing closes it earlier', () => {
    const model = structuredClone(MARRIAGE_MODEL);
    delete (model.term as { closedBy?: string }).closedBy;
    // The shortest way to an end is the rejection: no wait, so 3 days still suffice...
    expect(problemsOf(model)).toEqual([]);
    model.term.closedBy = 'prenotazione';
    expect(problemsOf(model)).toEqual([expect.objectContaining({ code: 'TERM_SHORTER_THAN_WAITS' })]);
  });

  it('parseProcedureModel throws INVALID_PROCEDURE_MODEL with every problem', () => {
    const model = sample();
    model.start = 'inizio';
    step(model, 'prenotazione').resource = 'SALA-GIUNTA';
    expect.assertions(3);
    try {
      parseProcedureModel(model, marriageContext);
    } catch (error) {
      expect(isDomainError(error, 'INVALID_PROCEDURE_MODEL')).toBe(true);
      expect((error as Error).message).toMatch(
        /^The start step "inizio" does not exist\. \(and \d+ more problems\)$/,
      );
      expect((error as { details: { problems: unknown[] } }).details.problems.length).toBeGreaterThan(1);
    }
  });
});

describe('validateProcedureModel properties', () => {
  const text: ConceptDefinition = {
    type: 'text',
    enumValues: [],
    validation: {},
    sensitive: false,
    label: { it: 'Testo', en: null },
    help: null,
  };
  const context: ModelValidationContext = { concepts: new Map([['t', text]]) };

  /** A chain form → (wait | notify | staffTask)* → end, each staff rejection to the end too. */
  const chain = fc.array(fc.constantFrom('wait', 'notify', 'staffTask'), { maxLength: 12 }).map((kinds) => {
    const ids = ['s0', ...kinds.map((_, index) => `s${index + 1}`), 'fine'];
    const steps: Record<string, unknown>[] = [
      { id: 's0', type: 'form', title: title('Modulo'), fields: [{ key: 'a', concept: 't' }], next: ids[1] },
    ];
    kinds.forEach((kind, index) => {
      const id = ids[index + 1]!;
      const next = ids[index + 2]!;
      const base = { id, title: title(id) };
      if (kind === 'wait') steps.push({ ...base, type: 'wait', duration: { days: 1 }, next });
      if (kind === 'notify')
        steps.push({ ...base, type: 'notify', message: { subject: title('o'), markdown: title('t') }, next });
      if (kind === 'staffTask')
        steps.push({
          ...base,
          type: 'staffTask',
          assignee: { role: 'operator' },
          outcomes: { approve: next, reject: 'fine' },
        });
    });
    steps.push({ id: 'fine', type: 'end', title: title('Fine'), conclusion: 'accepted' });
    const waits = kinds.filter((kind) => kind === 'wait').length;
    return {
      model: {
        schemaVersion: 1,
        procedureCode: 'P',
        title: title('P'),
        term: { days: 180, onSilence: 'silenzioAssenso' },
        start: 's0',
        steps,
      },
      waits,
    };
  });

  it('a chain model validates, in any order of its steps', () => {
    const shuffled = chain.chain(({ model }) =>
      fc
        .shuffledSubarray(model.steps, { minLength: model.steps.length, maxLength: model.steps.length })
        .map((steps) => ({ ...model, steps })),
    );
    fc.assert(
      fc.property(shuffled, (model) => {
        expect(problemsOf(model, context)).toEqual([]);
      }),
      PROPERTY_RUNS,
    );
  });

  it('redirecting the only edge into a step makes that step unreachable', () => {
    fc.assert(
      fc.property(
        chain.filter(({ model }) => model.steps.length > 2),
        fc.nat(),
        ({ model }, pick) => {
          // Step k (not the form, not the end) is entered only from step k-1 by `next` or `approve`.
          const k = 1 + (pick % (model.steps.length - 2));
          const victim = model.steps[k]!.id as string;
          const before = structuredClone(model.steps[k - 1]!) as Record<string, unknown>;
          if (before.type === 'staffTask') before.outcomes = { approve: 'fine', reject: 'fine' };
          else before.next = 'fine';
          const steps = model.steps.map((s, index) => (index === k - 1 ? before : s));
          const problems = problemsOf({ ...model, steps }, context);
          expect(problems).toContainEqual(
            expect.objectContaining({ code: 'UNREACHABLE_STEP', stepId: victim }),
          );
          expect(problems.every((p) => p.code === 'UNREACHABLE_STEP')).toBe(true);
        },
      ),
      PROPERTY_RUNS,
    );
  });

  it('a term is refused exactly when it is not longer than the waits of the chain', () => {
    fc.assert(
      fc.property(chain, fc.integer({ min: 1, max: 20 }), ({ model, waits }, days) => {
        // Rejections skip the later waits: the shortest path waits only before the first task.
        const firstTask = model.steps.findIndex((s) => s.type === 'staffTask');
        const shortest = model.steps
          .slice(0, firstTask === -1 ? undefined : firstTask)
          .filter((s) => s.type === 'wait').length;
        expect(shortest).toBeLessThanOrEqual(waits);
        const codes = problemsOf({ ...model, term: { ...model.term, days } }, context).map((p) => p.code);
        expect(codes).toEqual(days <= shortest ? ['TERM_SHORTER_THAN_WAITS'] : []);
      }),
      PROPERTY_RUNS,
    );
  });

  it('every successor of every step of a valid model exists', () => {
    const result = validateProcedureModel(MARRIAGE_MODEL, marriageContext);
    if (!result.ok) throw new Error('the marriage model must validate');
    const ids = new Set(result.model.steps.map((s) => s.id));
    for (const s of result.model.steps) for (const next of successorsOf(s)) expect(ids.has(next)).toBe(true);
  });
});
