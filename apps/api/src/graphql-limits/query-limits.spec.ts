import { buildSchema, parse, specifiedRules, validate } from 'graphql';
import { MAX_PAGE_SIZE, queryLimitRules, UNPAGED_LIST_ESTIMATE } from './query-limits';

describe('queryLimitRules', () => {
  const schema = buildSchema(`
    type Person { name: String, tags: [String!]!, friends(first: Int = 10): [Person!]!, best: Person }
    type Page { items: [Person!]! }
    type Query { person: Person, people(first: Int = 20): Page, everyone: [Person!]! }
  `);
  const check = (query: string, limits = { maxDepth: 4, maxCost: 1000, introspection: true }) =>
    validate(schema, parse(query), [...specifiedRules, ...queryLimitRules(limits)]).map(
      (error) => error.extensions.code ?? error.message,
    );

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
    expect(
      check('{ __schema { types { name } } }', { maxDepth: 4, maxCost: 1000, introspection: false }),
    ).toContainEqual(expect.stringMatching(/introspection has been disabled/));
    expect(check('{ __schema { types { name } } }')).toEqual([]);
  });
});
