/**
 * The base of every error a caller can act on: a stable machine-readable `code` (GraphQL
 * `extensions.code`, import reports, workflow failure types), an English message, and the input
 * `field` it is about when there is one. Subclasses narrow the code to their own union.
 */
export class SusError<Code extends string = string> extends Error {
  override readonly name: string = 'SusError';

  constructor(
    readonly code: Code,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
