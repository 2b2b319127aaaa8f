import { firstError, gql } from '../support/graphql';
import { startApi } from '../support/platform';
import { SeededApi } from '../support/seeded-api';

/** Requests built to hurt the api (issue 11): refused up front with a typed error, nothing written. */
describe('GraphQL abuse', () => {
  const fixture = new SeededApi();
  beforeAll(() => fixture.start('graphql-abuse'));
  afterAll(() => fixture.stop());

  describe('mutations per request', () => {
    const payment = (alias: string) =>
      `${alias}: createVoluntaryPayment(input: { enteCode: "c_l424", serviceCode: "DONAZIONI", amountCents: 100,
        causale: "abuse", mode: payLater, payer: { type: F, fiscalCode: "RSSMRA85M01H501Q", fullName: "Mario Rossi" } })
        { noticeNumber }`;

    it('refuses 100 aliased createVoluntaryPayment fields before running any of them', async () => {
      const mutation = `mutation { ${Array.from({ length: 100 }, (_, i) => payment(`p${i}`)).join('\n')} }`;
      fixture.queries.reset();
      const result = await gql(fixture.api, mutation);
      expect(result.status).toBe(400);
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.map((error) => error.extensions?.code)).toContain('TOO_MANY_MUTATIONS');
      expect(fixture.queries.statements()).toEqual([]);
    });

    it('lets an anonymous caller run one mutation per request, refusing two before either runs', async () => {
      fixture.queries.reset();
      const result = await gql(fixture.api, `mutation { ${payment('a')} ${payment('b')} }`);
      expect(firstError(result.errors).code).toBe('TOO_MANY_MUTATIONS');
      expect(result.data ?? null).toBeNull();
      expect(fixture.queries.statements().filter((sql) => /INSERT|UPDATE/i.test(sql))).toEqual([]);
    });

    it('refuses 11, through a fragment too', async () => {
      const fields = Array.from({ length: 11 }, (_, i) => payment(`p${i}`)).join('\n');
      fixture.queries.reset();
      const result = await gql(fixture.api, `mutation { ...Many } fragment Many on Mutation { ${fields} }`);
      expect(firstError(result.errors).code).toBe('TOO_MANY_MUTATIONS');
      expect(fixture.queries.statements()).toEqual([]);
    });
  });

  it('refuses a document with more aliases than allowed', async () => {
    const aliases = Array.from({ length: 101 }, (_, i) => `e${i}: ente(code: "c_l424") { name }`).join(' ');
    const result = await gql(fixture.api, `{ ${aliases} }`);
    expect(firstError(result.errors).code).toBe('TOO_MANY_ALIASES');
  });

  it('answers a 30-level doubling fragment chain at once', async () => {
    const fragments = Array.from({ length: 30 }, (_, i) =>
      i === 29
        ? `fragment F${i} on OrgUnit { name }`
        : `fragment F${i} on OrgUnit { a: parent { ...F${i + 1} } b: parent { ...F${i + 1} } }`,
    ).join(' ');
    const started = Date.now();
    const result = await gql(
      fixture.api,
      `{ orgUnit(enteCode: "c_l424", code: "x") { ...F0 } } ${fragments}`,
    );
    // Walked naively the chain is 2^30 selections (hours); refused before that it is milliseconds. The
    // bound only has to tell the two apart, with room for a loaded machine.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.status).toBe(400);
    expect(result.errors?.length).toBeGreaterThan(0);
  });

  it('suggests no field names when introspection is off', async () => {
    const closed = await startApi({
      databaseUrl: fixture.db.url,
      temporalAddress: fixture.temporal.address,
      taskQueue: 'graphql-abuse-closed',
      extra: { GRAPHIQL: 'false' },
    });
    try {
      const query = '{ ente(code: "c_l424") { nme } }';
      const closedAnswer = await gql(closed, query);
      expect(closedAnswer.errors?.[0]?.message).toBe('Cannot query field "nme" on type "Ente".');
      const openAnswer = await gql(fixture.api, query);
      expect(openAnswer.errors?.[0]?.message).toMatch(/Did you mean "name"/);
    } finally {
      await closed.app.close();
    }
  });

  describe('control characters in strings', () => {
    const NUL = 'c_l424\u0000x';
    const CASES: [string, string, Record<string, unknown>, string][] = [
      ['ente', 'query Q($s: String!) { ente(code: $s) { name } }', { s: NUL }, 'code'],
      [
        'service',
        'query Q($s: String!) { service(enteCode: $s, code: "A") { name } }',
        { s: NUL },
        'enteCode',
      ],
      [
        'procedure',
        'query Q($s: String!) { procedure(enteCode: "c_l424", code: $s) { name } }',
        { s: NUL },
        'code',
      ],
      [
        'orgUnit',
        'query Q($s: String!) { orgUnit(enteCode: $s, code: "A") { name } }',
        { s: NUL },
        'enteCode',
      ],
      ['orgUnits', 'query Q($s: String!) { orgUnits(enteCode: $s) { name } }', { s: NUL }, 'enteCode'],
      [
        'voluntaryServices',
        'query Q($s: String!) { voluntaryServices(enteCode: $s) { name } }',
        { s: NUL },
        'enteCode',
      ],
      [
        'updateProcedure',
        'mutation M($s: String!) { updateProcedure(enteCode: "c_l424", code: "P", input: { name: $s }) { name } }',
        { s: NUL },
        'input.name',
      ],
      [
        'updateProcedure (input variable)',
        'mutation M($i: UpdateProcedureInput!) { updateProcedure(enteCode: "c_l424", code: "P", input: $i) { name } }',
        { i: { legislation: ['ok', 'bad\u0007'] } },
        'input.legislation.1',
      ],
      [
        'resetProcedureField',
        'mutation M($s: String!) { resetProcedureField(enteCode: $s, code: "P", field: NAME) { name } }',
        { s: NUL },
        'enteCode',
      ],
      ['ente (literal)', '{ ente(code: "c_l424\\u0000") { name } }', {}, 'code'],
    ];

    it.each(CASES)(
      '%s: BAD_USER_INPUT naming the argument, never an internal error',
      async (_, query, variables, field) => {
        fixture.queries.reset();
        const result = await fixture.gql(query, variables);
        expect(result.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(firstError(result.errors).field).toBe(field);
        expect(result.status).toBe(400);
        expect(fixture.queries.statements()).toEqual([]);
      },
    );

    it('still accepts tabs, newlines and carriage returns', async () => {
      const result = await fixture.gql<{ ente: { name: string } | null }>(
        'query Q($s: String!) { ente(code: $s) { name } }',
        { s: 'no\tsuch\r\nente' },
      );
      expect(result.errors).toBeUndefined();
      expect(result.data?.ente).toBeNull();
    });
  });
});
