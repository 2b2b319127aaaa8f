import type { RequestContext } from '@sus/catalog';
import { requestContextOf, type GraphqlContext } from '../request-context/request-context';

/** What each owner made for a GraphQL request, kept as long as the request's context object lives. */
const madeFor = new WeakMap<GraphqlContext, Map<object, unknown>>();

/**
 * `make(ctx)` once per GraphQL request and `owner` (the loader factory or resolver asking), so
 * DataLoaders batch across all the fields of one request, and their caches never leak between
 * requests or callers: `perRequest(gql, this, (ctx) => new DataLoader(...))`.
 */
export function perRequest<T>(gql: GraphqlContext, owner: object, make: (ctx: RequestContext) => T): T {
  let made = madeFor.get(gql);
  if (!made) {
    made = new Map();
    madeFor.set(gql, made);
  }
  if (!made.has(owner)) made.set(owner, make(requestContextOf(gql)));
  return made.get(owner) as T;
}
