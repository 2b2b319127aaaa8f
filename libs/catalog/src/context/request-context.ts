import { randomUUID } from 'node:crypto';

/**
 * Who is asking, passed first to every catalog service so the same service runs inside an API
 * request, a worker activity or the seed. Identity (SPID/CIE, staff, integrator keys) will add
 * actor kinds and the ente they may act for; services then filter by it.
 */
export interface RequestContext {
  requestId: string;
  actor: { kind: 'system' } | { kind: 'anonymous' };
}

/** For work the platform does on its own behalf: seed, migrations, scheduled jobs. */
export function systemContext(requestId: string = `system/${randomUUID()}`): RequestContext {
  return { requestId, actor: { kind: 'system' } };
}
