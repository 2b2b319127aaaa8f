import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import {
  MAX_FRAGMENT_SPREADS,
  MAX_PAGE_SIZE,
  queryLimitRules,
  UNPAGED_LIST_ESTIMATE,
  type QueryLimits,
} from './query-limits';

describe('queryLimitRules', () => {
  const schema = buildSchema(`
    type Person { name: String, tags: [String!]!, friends(first: Int = 10): [Person!]!, best: Person }
    type Page { items: [Person!]! }
    type Query { person: Person, people(first: Int = 20): Page, everyone: [Person!]! }
    type Mutation { pay(amount: Int): Person, note(text: String): String }
  `);
  const defaults: QueryLimits = { maxDepth: 4, maxCost: 1000, introspection: true };
  const check = (query: string, limits: Partial<QueryLimits> = {}) =>
    validate(schema, parse(query), [...specifiedRules, ...queryLimitRules({ ...defaults, ...limits })]).map(
      (error) => error.extensions.code ?? error.message,
    );

  /** fragment F0 on Person { best { ...F1 } best2: best { ...F1 } } …: each level doubles the tree. */
  const doublingChain = (levels: number) =>
    `{ person { ...F0 } } ` +
    Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment F${i} on Person { name }`
        : `fragment F${i} on Person { a: best { ...F${i + 1} } b: best { ...F${i + 1} } }`,
    ).join(' ');

  it('measures each fragment once: a 30-level doubling chain costs a few visits, not 2^30', () => {
    const counter = { visits: 0 };
    const started = Date.now();
    const errors = check(doublingChain(30), { maxDepth: 100, counter });
    expect(errors).toContain('QUERY_TOO_COSTLY');
    expect(counter.visits).toBeLessThan(1000);
    expect(Date.now() - started).toBeLessThan(2000); // guard only; the visit count is the assertion
  });

  it('still costs a shallow fragment chain exactly, as if it were inlined', () => {
    const inlined =
      '{ person { a: best { a: best { name } b: best { name } } b: best { a: best { name } b: best { name } } } }';
    // person 1 + 2 × (best 1 + 2 × (best 1 + name 1)) = 1 + 2 × 5 = 11
    expect(check(doublingChain(3), { maxDepth: 10, maxCost: 11 })).toEqual([]);
    expect(check(doublingChain(3), { maxDepth: 10, maxCost: 10 })).toEqual(['QUERY_TOO_COSTLY']);
    expect(check(inlined, { maxDepth: 10, maxCost: 11 })).toEqual([]);
    expect(check(doublingChain(4), { maxDepth: 3 })).toEqual(['QUERY_TOO_DEEP']);
  });

  it('rejects documents with too many fragment spreads before measuring them', () => {
    const spreads = Array.from({ length: MAX_FRAGMENT_SPREADS + 1 }, () => '...N').join(' ');
    expect(check(`{ person { ${spreads} } } fragment N on Person { name }`)).toContain('TOO_MANY_FRAGMENTS');
  });

  it('caps the root fields of a mutation, aliases of one field included, through fragments too', () => {
    const pays = (n: number) =>
      Array.from({ length: n }, (_, i) => `p${i}: pay(amount: 1) { name }`).join(' ');
    expect(check(`mutation { ${pays(10)} }`, { maxMutations: 10, maxCost: 10_000 })).toEqual([]);
    expect(check(`mutation { ${pays(11)} }`, { maxMutations: 10, maxCost: 10_000 })).toEqual([
      'TOO_MANY_MUTATIONS',
    ]);
    expect(
      check(
        `mutation { ...M ...M2 } fragment M on Mutation { ${pays(2)} } fragment M2 on Mutation { n: note(text: "x") }`,
        {
          maxMutations: 2,
        },
      ),
    ).toEqual(['TOO_MANY_MUTATIONS']);
    // queries are not mutations
    expect(
      check(`{ a: person { name } b: person { name } c: person { name } }`, { maxMutations: 1 }),
    ).toEqual([]);
  });

  it('counts the root fields of a doubling chain of mutation fragments at once', () => {
    const chain = Array.from({ length: 30 }, (_, i) =>
      i === 29
        ? `fragment M${i} on Mutation { n: note(text: "x") }`
        : `fragment M${i} on Mutation { ...M${i + 1} ...M${i + 1} }`,
    ).join(' ');
    const started = Date.now();
    expect(check(`mutation { ...M0 } ${chain}`, { maxCost: 1e12 })).toEqual(['TOO_MANY_MUTATIONS']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('caps the aliases of a document', () => {
    const aliases = (n: number) => Array.from({ length: n }, (_, i) => `n${i}: name`).join(' ');
    expect(check(`{ person { ${aliases(5)} } }`, { maxAliases: 5 })).toEqual([]);
    expect(check(`{ person { ${aliases(6)} } }`, { maxAliases: 5 })).toEqual(['TOO_MANY_ALIASES']);
  });

  it('accepts a modest query', () => {
    expect(check('{ person { name tags best { name } } }')).toEqual([]);
  });

  it('rejects depth beyond the limit, through fragments too', () => {
    expect(check('{ person { best { best { best { name } } } } }')).toEqual(['QUERY_TOO_DEEP']);
    expect(check(`{ person { ...F } } fragment F on Person { best { best { best { name } } } }`)).toEqual([
      'QUERY_TOO_DEEP',
    ]);
  });

  it('survives fragment cycles (reported by the standard rules, not by a stack overflow)', () => {
    const errors = check(
      '{ person { ...A } } fragment A on Person { best { ...B } } fragment B on Person { ...A }',
    );
    expect(errors.some((error) => /within itself/i.test(String(error)))).toBe(true);
  });

  it('multiplies list costs by page sizes, inherited by the list inside a page', () => {
    // people(first: 50) → items: 50 × (1 + friends(first: 10) → 10 × 1)
    expect(
      check('{ people(first: 50) { items { friends(first: 10) { name } } } }', {
        maxDepth: 10,
        maxCost: 550,
        introspection: true,
      }),
    ).toEqual(['QUERY_TOO_COSTLY']);
    expect(
      check('{ people(first: 5) { items { name } } }', { maxDepth: 10, maxCost: 12, introspection: true }),
    ).toEqual([]);
  });

  it('counts aliases one by one and lists without page arguments at their estimate', () => {
    const aliases = Array.from({ length: 11 }, (_, i) => `p${i}: everyone { name }`).join(' ');
    expect(
      check(`{ ${aliases} }`, {
        maxDepth: 10,
        maxCost: 11 * 2 * UNPAGED_LIST_ESTIMATE - 1,
        introspection: true,
      }),
    ).toEqual(['QUERY_TOO_COSTLY']);
  });

  it('rejects a literal page size above the maximum', () => {
    expect(check(`{ people(first: ${MAX_PAGE_SIZE + 1}) { items { name } } }`)).toEqual([
      'PAGE_SIZE_TOO_LARGE',
    ]);
  });

  it('refuses introspection when switched off', () => {
    expect(check('{ __schema { types { name } } }', { introspection: false })).toContainEqual(
      expect.stringMatching(/introspection has been disabled/),
    );
    expect(check('{ __schema { types { name } } }')).toEqual([]);
  });
});
