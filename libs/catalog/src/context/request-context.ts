import type { Actor } from '@sus/domain';
import { newRequestId, type RequestContext as PlatformRequestContext } from '@sus/platform';

/** The request context every catalog service takes first: who acts (a domain `Actor`) and the request id. */
export type RequestContext = PlatformRequestContext<Actor>;

/** For work the platform does on its own behalf: seed, migrations, activities, scheduled jobs. */
export function systemContext(requestId: string = `system/${newRequestId()}`): RequestContext {
  return { requestId, actor: { kind: 'system' } };
}

export function anonymousContext(requestId: string = newRequestId()): RequestContext {
  return { requestId, actor: { kind: 'anonymous' } };
}
