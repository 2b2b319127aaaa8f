import { createServer } from 'node:net';

export async function portIsFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

export class PortInUseError extends Error {
  readonly code = 'PORT_IN_USE';
}

/** Checks every port before anything starts, so a clash is one clear message and not a half-started platform. */
export async function assertPortsFree(
  wanted: { what: string; host: string; port: number; envVar: string }[],
): Promise<void> {
  const taken: string[] = [];
  for (const { what, host, port, envVar } of wanted) {
    if (!(await portIsFree(host, port)))
      taken.push(`  - ${what}: ${host}:${port} is already in use (set ${envVar} to use another port)`);
  }
  if (taken.length) {
    throw new PortInUseError(
      `Cannot start SUS, some ports are taken:\n${taken.join('\n')}\n` +
        'Is SUS already running? Stop it (Ctrl-C in its terminal) or choose other ports.',
    );
  }
}
