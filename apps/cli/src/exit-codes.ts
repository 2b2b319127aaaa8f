/**
 * What `npm run cli` exits with, for scripts (README "Command-line tool"). Stable: renumbering one
 * breaks the scripts of every finance office that relies on it.
 */
export const EXIT = {
  /** Done: everything asked was done. */
  ok: 0,
  /** Something unexpected: the api unreachable, a 5xx, a bug. Retrying may help. */
  failed: 1,
  /** The command line itself is wrong: unknown command, missing option (see --help). */
  usage: 2,
  /** The input was refused: a file rejected whole, a journal or flow with bad lines, a bad argument. */
  refused: 3,
  /** No valid API key or token (401), or not allowed for that ente (403). */
  denied: 4,
  /** No such job (or not the caller's). */
  notFound: 5,
  /** A bulk job completed, but some lines of its file had errors and were not issued (see `bulk errors`). */
  partial: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure the CLI explains in one line and exits with. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}
