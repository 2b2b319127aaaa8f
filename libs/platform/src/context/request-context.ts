import { randomUUID } from 'node:crypto';

/**
 * Who is asking and under which request id: the first argument of every service method, so the
 * same service runs inside an API request, a worker activity or the seed. The actor's shape is the
 * domain's (`Actor` in `@sus/domain`); this library only carries it.
 */
export interface RequestContext<TActor> {
  /** Follows the request through logs, workflows and the audit log. */
  requestId: string;
  actor: TActor;
}

export function newRequestId(): string {
  return randomUUID();
}
