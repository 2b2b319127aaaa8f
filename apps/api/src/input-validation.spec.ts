import { GraphQLError, parse } from 'graphql';
import { controlCharacterProblem, rejectControlCharacters } from './input-validation';

describe(controlCharacterProblem.name, () => {
  const problem = (query: string, variables?: Record<string, unknown>) =>
    controlCharacterProblem(parse(query), variables);

  it('finds NUL and other C0 characters in literals, nested inputs and lists, naming the argument path', () => {
    expect(problem('{ ente(code: "a\\u0000") { name } }')).toBe('code');
    expect(problem('mutation { u(input: { names: ["ok", "b\\u001f"] }) }')).toBe('input.names.1');
    expect(problem('{ ...F } fragment F on Query { ente(code: "\\u0001") { name } }')).toBe('code');
  });

  it('finds them in variables, where they are used and where they are not', () => {
    expect(problem('query Q($s: String!) { ente(code: $s) { name } }', { s: 'x\u0000' })).toBe('code');
    expect(problem('mutation M($i: In!) { u(input: $i) }', { i: { a: { b: ['\u0000'] } } })).toBe(
      'input.a.b.0',
    );
    expect(problem('mutation M($i: In!) { u(input: { x: $i }) }', { i: '\u0008' })).toBe('input.x');
    expect(problem('query Q($unused: String) { ente(code: "a") { name } }', { unused: '\u0000' })).toBe(
      '$unused',
    );
  });

  it('finds unpaired surrogates, which are no text at all (schema fuzz, issue 11)', () => {
    expect(problem('query Q($s: String!) { ente(code: $s) { name } }', { s: 'a\ud800' })).toBe('code');
    expect(problem('mutation M($i: In!) { u(input: $i) }', { i: { note: '\udfffb' } })).toBe('input.note');
  });

  it('lets tabs, newlines, carriage returns and ordinary text through', () => {
    expect(
      problem('query Q($s: String!) { ente(code: $s) { name } }', { s: 'a\tb\nc\r\nè€😀' }),
    ).toBeUndefined();
    expect(problem('{ ente(code: "a\\tb\\n") { name } }')).toBeUndefined();
  });
});

describe(rejectControlCharacters.name, () => {
  it('throws a BAD_USER_INPUT error naming the argument', () => {
    const thrown = (() => {
      try {
        rejectControlCharacters(parse('query Q($s: String!) { ente(code: $s) { name } }'), { s: '\u0000' });
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'code' });
  });
});
