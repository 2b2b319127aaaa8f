/** A GraphQL error as the api answers it: `extensions.code` is the typed error code. */
export interface GraphqlError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; field?: string; reason?: string; [key: string]: unknown };
}

/** The HTTP status and the response body: `data` and `errors`, and anything else the server sent. */
export interface GraphqlResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphqlError[];
}

/** The api to call: its base URL, or anything that has one (startApi's result, a stack's api). */
export type GraphqlTarget = string | { url: string };

export interface GraphqlOptions {
  /** Who calls: headers from bearer() (support/identity.ts) or `{ 'x-api-key': key }`; anonymous if absent. */
  as?: Record<string, string>;
}

/** POSTs one GraphQL operation to `<api>/graphql`, the way every client of the api does. */
export async function gql<T = Record<string, unknown>>(
  api: GraphqlTarget,
  query: string,
  variables?: Record<string, unknown>,
  options: GraphqlOptions = {},
): Promise<GraphqlResponse<T>> {
  const url = `${typeof api === 'string' ? api : api.url}/graphql`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...options.as },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: object;
  try {
    body = text === '' ? {} : (JSON.parse(text) as object);
  } catch {
    throw new Error(`${url} answered ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`);
  }
  return { status: response.status, ...body };
}

/** The `data` of a response, failing with the GraphQL errors if there are any. */
export function dataOf<T>(response: GraphqlResponse<T>): T {
  if (response.errors?.length || response.data == null) {
    throw new Error(`GraphQL errors (HTTP ${response.status}): ${JSON.stringify(response.errors)}`);
  }
  return response.data;
}

/** Code and field of the first error, the two things a client acts on. */
export const firstError = (errors: GraphqlError[] | undefined) => ({
  code: errors?.[0]?.extensions?.code,
  field: errors?.[0]?.extensions?.field,
});
