import type { TypedDocumentString } from '../gql/graphql';
import { accessToken } from './auth';

/** A GraphQL error as the api words it: a stable code, the field at fault, a message for people. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

interface GraphQLAnswer<R> {
  data?: R | null;
  errors?: { message: string; extensions?: { code?: string; field?: string } & Record<string, unknown> }[];
}

/** Runs one typed operation against the api (through the portal's own origin). */
export async function request<R, V>(document: TypedDocumentString<R, V>, variables?: V): Promise<R> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const token = accessToken();
  if (token) headers.authorization = `Bearer ${token}`;
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError('network', 'NETWORK');
  }
  const answer = (await response.json().catch(() => ({}))) as GraphQLAnswer<R>;
  const error = answer.errors?.[0];
  if (error) {
    const { code = 'ERROR', field, ...details } = error.extensions ?? {};
    throw new ApiError(error.message, code, field, details);
  }
  if (!answer.data) throw new ApiError(`HTTP ${response.status}`, 'HTTP');
  return answer.data;
}
