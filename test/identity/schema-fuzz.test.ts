import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { Client } from 'pg';
import { bearer, ENTE_X, ENTE_Y } from '../support/identity';
import { gql, type GraphqlResponse } from '../support/graphql';
import { SeededApi } from '../support/seeded-api';

/**
 * Issue 11: every query and mutation of the committed schema, called by each persona with hostile
 * values, answers below 500, never INTERNAL_SERVER_ERROR, with a string extensions.code on every
 * error, and a rejected call writes no row. CI runs a fixed seed and few runs; `npm run fuzz` runs
 * longer (FUZZ_RUNS, FUZZ_SEED).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const RUNS = Number(process.env.FUZZ_RUNS ?? 3);

const schema = buildSchema(readFileSync(join(__dirname, '../../apps/api/schema.gql'), 'utf8'));
const operations = [
  ...Object.values(schema.getQueryType()!.getFields()).map((field) => ({ type: 'query', field })),
  ...Object.values(schema.getMutationType()!.getFields()).map((field) => ({ type: 'mutation', field })),
] as { type: 'query' | 'mutation'; field: GraphQLField<unknown, unknown> }[];

/** Anonymous, a citizen, staff of another ente (operator of Medea, arguments name Trieste), the region. */
const PERSONAS = ['anonymous', 'citizenA', 'operatorY', 'regionalAdmin'] as const;
type Persona = (typeof PERSONAS)[number];

const MEGABYTE = 'x'.repeat(1 << 20);
const C0 = Array.from({ length: 32 }, (_, code) => String.fromCharCode(code)).join('');
const HOSTILE_STRINGS = [
  '',
  '\u0000',
  `c_l424\u0000`,
  C0,
  '\ud800',
  'a\udfffb',
  '\u202e\ufeff',
  'NaN',
  'Infinity',
  '1e308',
  '-1',
  '9007199254740993',
  "'; DROP TABLE ente; --",
  '../../../etc/passwd',
  '%00%0a',
  ENTE_X,
  ENTE_Y,
  ' ',
];
const HOSTILE_NUMBERS = [0, -1, 1, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 1, 1e308, -1e308, 0.5, 5e-324];

const deepList = (depth: number): unknown => (depth === 0 ? 'x' : [deepList(depth - 1)]);
const deepObject = (depth: number): unknown => (depth === 0 ? 'x' : { a: deepObject(depth - 1) });

const hostileString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constant(MEGABYTE) },
);

/** A value of the wrong type for any argument: GraphQL variable coercion must refuse it, typed. */
const wrongType: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, 'NaN', '1e308', [], {}, { $gt: '' }, { __proto__: { a: 1 } }),
  fc.constantFrom(...HOSTILE_NUMBERS),
  fc.constantFrom(deepList(200), deepObject(200), { toString: 'x' }),
);

function valueOf(type: GraphQLInputType, name: string, depth = 0): fc.Arbitrary<unknown> {
  const nullable = isNonNullType(type) ? (type.ofType as GraphQLInputType) : type;
  const shaped = shapedValue(nullable, name, depth);
  const withNull = isNonNullType(type) ? shaped : fc.oneof(shaped, fc.constant(null));
  return fc.oneof({ weight: 4, arbitrary: withNull }, { weight: 1, arbitrary: wrongType });
}

function shapedValue(type: GraphQLInputType, name: string, depth: number): fc.Arbitrary<unknown> {
  if (isListType(type)) {
    const item = valueOf(type.ofType as GraphQLInputType, name, depth + 1);
    return fc.oneof(fc.array(item, { maxLength: 3 }), fc.constant(deepList(100)));
  }
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant({});
    const fields = Object.values(type.getFields());
    return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueOf(f.type, f.name, depth + 1)])), {
      requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    });
  }
  if (isEnumType(type)) {
    return fc.oneof(fc.constantFrom(...type.getValues().map((v) => v.name)), hostileString);
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        return fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.integer());
      case 'Float':
        return fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double({ noNaN: true }));
      case 'Boolean':
        return fc.boolean();
      default:
        // String, ID and custom scalars (DateTime, ...): strings, sometimes a real ente code.
        return name.toLowerCase().includes('ente')
          ? fc.oneof(fc.constant(ENTE_X), hostileString)
          : hostileString;
    }
  }
  throw new Error(`no arbitrary for ${String(type)}`);
}

/** One hostile value for every leaf: the fixed examples every run starts with. */
function profileValue(type: GraphQLInputType, leaf: (scalar: string) => unknown, depth = 0): unknown {
  const nullable = isNonNullType(type) ? (type.ofType as GraphQLInputType) : type;
  if (isListType(nullable)) return [profileValue(nullable.ofType as GraphQLInputType, leaf, depth + 1)];
  if (isInputObjectType(nullable)) {
    if (depth > 3) return {};
    return Object.fromEntries(
      Object.values(nullable.getFields()).map((f) => [f.name, profileValue(f.type, leaf, depth + 1)]),
    );
  }
  if (isEnumType(nullable)) {
    const value = leaf('Enum');
    return value === FIRST_VALUE ? nullable.getValues()[0]!.name : value;
  }
  return leaf(nullable.name);
}
const FIRST_VALUE = Symbol('the first value of the enum');
const PROFILES: Record<string, (scalar: string) => unknown> = {
  nul: (s) => (s === 'Int' || s === 'Float' ? 0 : s === 'Boolean' ? false : `c_l424\u0000${C0}`),
  surrogate: (s) => (s === 'Int' || s === 'Float' ? -1 : s === 'Boolean' ? true : '\ud800'),
  megabyte: (s) => (s === 'Int' || s === 'Float' ? 2 ** 53 + 1 : s === 'Boolean' ? true : MEGABYTE),
  hugeNumbers: (s) => (s === 'Boolean' ? false : s === 'Int' || s === 'Float' ? 1e308 : 'NaN'),
  // Well-typed except an impossible date: Nest's DateTime scalar makes it an Invalid Date.
  badDate: (s) =>
    s === 'Enum'
      ? FIRST_VALUE
      : s === 'Int' || s === 'Float'
        ? 1
        : s === 'Boolean'
          ? false
          : s === 'DateTime'
            ? 'not a date'
            : 'fuzz',
  wrongTypes: (s) => (s === 'String' || s === 'ID' ? { a: 'object for a string' } : 'string for a number'),
};

/** Scalar fields without arguments, and __typename: enough for every resolver of the field to run. */
function selectionOf(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (!isObjectType(named)) return ' { __typename }';
  const scalars = Object.values(named.getFields()).filter((f) => {
    const inner = getNamedType(f.type);
    return f.args.length === 0 && (isScalarType(inner) || isEnumType(inner));
  });
  return ` { __typename ${scalars.map((f) => f.name).join(' ')} }`;
}

function documentOf(type: string, field: GraphQLField<unknown, unknown>): string {
  const declared = field.args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passed = field.args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return `${type} Fuzz${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selectionOf(field)} }`;
}

const short = (value: unknown) => {
  const text = JSON.stringify(value, (_, v: unknown) =>
    typeof v === 'string' && v.length > 200 ? `<${v.length} chars>` : v,
  );
  return text && text.length > 400 ? `${text.slice(0, 400)}…` : text;
};

describe('schema fuzz (every operation, hostile values, every persona)', () => {
  const fixture = new SeededApi();
  const headers = new Map<Persona, Record<string, string>>();
  let pg: Client;
  let countRows: string;

  beforeAll(async () => {
    await fixture.start('schema-fuzz');
    headers.set('anonymous', {});
    for (const persona of PERSONAS.filter((p) => p !== 'anonymous')) {
      headers.set(persona, await bearer(fixture.issuer, persona));
    }
    pg = new Client({ connectionString: fixture.db.url });
    await pg.connect();
    // Every table; audit_log counts only for anonymous calls: a signed-in caller's denied mutation
    // is audited by design (DeniedMutationAuditFilter, apps/api/src/audit/denied-mutation.filter.ts).
    const tables = await pg.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    countRows = tables.rows
      .map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS rows FROM "${name}"`)
      .join(' UNION ALL ');
  });

  afterAll(async () => {
    await pg?.end();
    await fixture.stop();
  });

  const rowCounts = async () => {
    const result = await pg.query<{ name: string; rows: number }>(countRows);
    return Object.fromEntries(result.rows.map((row) => [row.name, row.rows]));
  };

  /** Calls once and checks the invariants; the failure message names operation, persona and input. */
  const check = async (persona: Persona, query: string, variables?: Record<string, unknown>) => {
    const before = await rowCounts();
    let result: GraphqlResponse<unknown>;
    try {
      result = await gql(fixture.api, query, variables, { as: headers.get(persona) });
    } catch (error) {
      throw new Error(`${persona}: ${short(query)} ${short(variables)}: ${String(error)}`, { cause: error });
    }
    const where = `${persona}: ${short(query)} with ${short(variables)} answered ${result.status} ${short(result.errors)}`;
    if (result.status >= 500) throw new Error(`5xx: ${where}`);
    for (const error of result.errors ?? []) {
      if (typeof error.extensions?.code !== 'string') throw new Error(`untyped error: ${where}`);
      if (error.extensions.code === 'INTERNAL_SERVER_ERROR') throw new Error(`internal error: ${where}`);
    }
    const rejected = (result.errors?.length ?? 0) > 0 || result.status >= 400;
    if (rejected) {
      const after = await rowCounts();
      // A signed-in caller's refused mutation is audited (names only) by design; an anonymous
      // caller's is only logged, so for anonymous calls the audit log counts like any table.
      if (persona !== 'anonymous') {
        if (after.audit_log! > before.audit_log! + 1) throw new Error(`refusal audited twice: ${where}`);
        delete after.audit_log;
      }
      const written = Object.keys(after).filter((table) => after[table] !== before[table]);
      if (written.length > 0)
        throw new Error(`rows written in ${written.join(', ')} by a rejected call: ${where}`);
    }
  };

  it.each(operations.map((op) => [`${op.type} ${op.field.name}`, op] as const))(
    '%s',
    async (_, { type, field }) => {
      const document = documentOf(type, field);
      const args = fc.record(
        Object.fromEntries(field.args.map((arg) => [arg.name, valueOf(arg.type, arg.name)])),
      );
      const examples = PERSONAS.flatMap((persona) =>
        Object.values(PROFILES).map(
          (leaf) =>
            [
              persona,
              Object.fromEntries(field.args.map((arg) => [arg.name, profileValue(arg.type, leaf)])),
            ] as [Persona, Record<string, unknown>],
        ),
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...PERSONAS), args, (persona, variables) =>
          check(persona, document, variables),
        ),
        { seed: SEED, numRuns: RUNS * PERSONAS.length, examples, endOnFailure: true },
      );
    },
    Math.max(30_000, RUNS * PERSONAS.length * 500),
  );

  describe('document-level attacks', () => {
    const fragmentChain = Array.from({ length: 30 }, (_, i) =>
      i === 29
        ? `fragment F${i} on OrgUnit { name }`
        : `fragment F${i} on OrgUnit { a: parent { ...F${i + 1} } b: parent { ...F${i + 1} } }`,
    ).join(' ');
    const nested = (depth: number): string =>
      depth === 0 ? 'name' : `name children { ${nested(depth - 1)} }`;
    const attacks: Record<string, string> = {
      '100 aliases': `{ ${Array.from({ length: 100 }, (_, i) => `e${i}: ente(code: "${ENTE_X}") { name }`).join(' ')} }`,
      '1000 aliases': `{ ${Array.from({ length: 1000 }, (_, i) => `t${i}: __typename`).join(' ')} }`,
      '100 aliased mutations': `mutation { ${Array.from(
        { length: 100 },
        (_, i) => `p${i}: cancelPayment(noticeNumber: "301000000000000447", reason: "\\u0000")`,
      ).join(' ')} }`,
      '30-level fragment chain': `{ orgUnit(enteCode: "${ENTE_X}", code: "x") { ...F0 } } ${fragmentChain}`,
      'deep selection nesting': `{ orgUnits(enteCode: "${ENTE_X}") { ${nested(60)} } }`,
      'fragment cycle': `{ ente(code: "${ENTE_X}") { ...A } } fragment A on Ente { ...B } fragment B on Ente { ...A }`,
      'unknown operation type': `subscription { ente(code: "${ENTE_X}") { name } }`,
      'syntax error with NUL': `{ ente(code: "\u0000") { name }`,
      'empty document': '',
    };
    it.each(Object.entries(attacks))('%s', async (_, query) => {
      for (const persona of PERSONAS) await check(persona, query);
    });

    it('a deeply nested variable value', async () => {
      for (const persona of PERSONAS) {
        await check(persona, 'query ($code: String!) { ente(code: $code) { name } }', {
          code: deepList(2000),
        });
      }
    });
  });
});
