/** Answers are checked field by field with expect(); a static type would only restate the contracts. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type JsonBody = any;

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * One HTTP call with a JSON body, to the sandbox, the api's REST routes or a stand-in; redirects are
 * returned, not followed. `key` is pagoPA's subscription key header.
 */
export async function http<T = JsonBody>(
  method: string,
  url: string,
  options: { body?: unknown; key?: string; headers?: Record<string, string> } = {},
): Promise<HttpResult<T>> {
  const response = await fetch(url, {
    method,
    redirect: 'manual',
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.key !== undefined ? { 'Ocp-Apim-Subscription-Key': options.key } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text !== '') body = JSON.parse(text);
  return { status: response.status, body: body as T, headers: response.headers };
}
