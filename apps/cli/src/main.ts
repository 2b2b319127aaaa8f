#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { bulkCommands } from './bulk.commands';
import { CliError, EXIT, type ExitCode } from './exit-codes';
import { reconcileCommands } from './reconcile.commands';
import { SusApi } from './sus-api';

/**
 * `npm run cli -- <command>`: SUS for finance staff and integrators (issue 19, item 4), over the
 * GraphQL api and its bulk routes, with an API key (SUS_API_KEY) or a staff token (SUS_TOKEN).
 * Results on stdout, progress and messages on stderr, exit codes in exit-codes.ts.
 */
export function cli(): Command {
  const program = new Command('sus')
    .description('SUS command line: bulk issuance of payment notices and reconciliation.')
    .option(
      '--api <url>',
      'the SUS api (env SUS_API_URL)',
      process.env.SUS_API_URL ?? 'http://127.0.0.1:3000',
    )
    .option('--api-key <key>', "an integrator's API key (env SUS_API_KEY)")
    .option('--token <token>', "a staff member's access token (env SUS_TOKEN)")
    .addHelpText(
      'after',
      '\nExit codes: 0 done; 1 failed (api unreachable, server error); 2 wrong command line; 3 input refused;\n' +
        '4 not authenticated or not allowed; 5 no such job; 6 bulk job done but some lines had errors.',
    )
    .showHelpAfterError()
    .exitOverride();
  const run = async (action: (api: SusApi) => Promise<ExitCode>) => {
    const global = program.opts<{ api: string; apiKey?: string; token?: string }>();
    const api = new SusApi({
      api: global.api,
      ...((global.apiKey ?? process.env.SUS_API_KEY)
        ? { apiKey: global.apiKey ?? process.env.SUS_API_KEY }
        : {}),
      ...((global.token ?? process.env.SUS_TOKEN) ? { token: global.token ?? process.env.SUS_TOKEN } : {}),
    });
    process.exitCode = await action(api);
  };
  program.addCommand(bulkCommands(run));
  program.addCommand(reconcileCommands(run));
  // Subcommands exit through the same override: a wrong command line is 2, help is 0.
  for (const command of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    command.exitOverride().showHelpAfterError();
  }
  return program;
}

async function main(): Promise<void> {
  try {
    await cli().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode =
        error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0
          ? EXIT.ok
          : error.code === 'commander.help'
            ? EXIT.ok
            : EXIT.usage;
      return;
    }
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = EXIT.failed;
  }
}

if (require.main === module) void main();
