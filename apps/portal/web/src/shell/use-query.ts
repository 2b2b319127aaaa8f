import { useEffect, useState } from 'react';
import type { TypedDocumentString } from '../gql/graphql';
import { ApiError, request } from './api';

export type QueryState<R> =
  { status: 'loading' } | { status: 'error'; error: ApiError } | { status: 'done'; data: R };

/** Runs a query when its variables change; `reload` runs it again. */
export function useQuery<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  { skip = false } = {},
): QueryState<R> & { reload(): void } {
  const [state, setState] = useState<QueryState<R>>({ status: 'loading' });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(variables);
  useEffect(() => {
    if (skip) return;
    let live = true;
    setState({ status: 'loading' });
    request(document, JSON.parse(key) as V)
      .then((data) => live && setState({ status: 'done', data }))
      .catch(
        (error: unknown) =>
          live &&
          setState({
            status: 'error',
            error: error instanceof ApiError ? error : new ApiError(String(error), 'ERROR'),
          }),
      );
    return () => {
      live = false;
    };
  }, [document, key, skip, generation]);
  return { ...state, reload: () => setGeneration((value) => value + 1) };
}
