import { createReadStream, createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError, EXIT } from './exit-codes';

export interface ApiOptions {
  api: string;
  apiKey?: string;
  token?: string;
}

interface GraphqlError {
  message: string;
  extensions?: { code?: string; details?: { errors?: unknown[] } };
}

/** The api of SUS as the CLI talks to it: GraphQL, the bulk upload route and the downloads. */
export class SusApi {
  private readonly base: URL;

  constructor(private readonly options: ApiOptions) {
    this.base = new URL(options.api.endsWith('/') ? options.api : `${options.api}/`);
    if (!options.apiKey && !options.token) {
      throw new CliError(
        EXIT.usage,
        'Give an API key (--api-key or SUS_API_KEY) or a staff token (--token or SUS_TOKEN).',
      );
    }
  }

  private headers(): Record<string, string> {
    return {
      authorization: this.options.apiKey ? `ApiKey ${this.options.apiKey}` : `Bearer ${this.options.token}`,
      'user-agent': 'sus-cli',
    };
  }

  async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify({ query, variables });
    const response = await this.send('POST', 'graphql', { 'content-type': 'application/json' }, body);
    const text = await readText(response);
    let parsed: { data?: T; errors?: GraphqlError[] };
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      throw statusError(response.statusCode ?? 0, text);
    }
    const [error] = parsed.errors ?? [];
    if (error) throw graphqlError(error);
    if (!response.statusCode || response.statusCode >= 400 || !parsed.data)
      throw statusError(response.statusCode ?? 0, text);
    return parsed.data;
  }

  /** Streams a file to POST /payments/bulk-jobs; answers the job. */
  async uploadBulk<T>(file: string, enteCode: string): Promise<T> {
    const size = (await stat(file)).size;
    const name = file.split(/[\\/]/).at(-1)!;
    const path = `payments/bulk-jobs?enteCode=${encodeURIComponent(enteCode)}&fileName=${encodeURIComponent(name)}`;
    const response = await this.send(
      'POST',
      path,
      { 'content-type': 'text/csv', 'content-length': String(size) },
      createReadStream(file),
    );
    const text = await readText(response);
    if (response.statusCode !== 201) throw statusError(response.statusCode ?? 0, text);
    return JSON.parse(text) as T;
  }

  /** Streams a download (errors.csv, notices.csv, avvisi.zip) to a file or stdout. */
  async download(path: string, to: Writable | string): Promise<void> {
    const response = await this.send('GET', path, {});
    if (response.statusCode !== 200) throw statusError(response.statusCode ?? 0, await readText(response));
    const target = typeof to === 'string' ? createWriteStream(to) : to;
    await pipeline(response, target, { end: typeof to === 'string' });
  }

  private send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: string | Readable,
  ): Promise<IncomingMessage> {
    const url = new URL(path, this.base);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = request(url, { method, headers: { ...this.headers(), ...headers } }, resolve);
      outgoing.on('error', (error) =>
        reject(new CliError(EXIT.failed, `Cannot reach the api at ${this.base.origin}: ${error.message}`)),
      );
      if (body === undefined) outgoing.end();
      else if (typeof body === 'string') outgoing.end(body);
      else body.pipe(outgoing).on('error', reject);
    });
  }
}

async function readText(response: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function statusError(status: number, text: string): CliError {
  let message = text.slice(0, 500);
  try {
    const body = JSON.parse(text) as { message?: string; code?: string; errors?: GraphqlError[] };
    message = body.errors?.[0]?.message ?? body.message ?? message;
  } catch {
    // Not JSON: the text as it came.
  }
  const code =
    status === 401 || status === 403
      ? EXIT.denied
      : status === 404
        ? EXIT.notFound
        : status >= 400 && status < 500
          ? EXIT.refused
          : EXIT.failed;
  return new CliError(code, `${status}: ${message}`);
}

function graphqlError(error: GraphqlError): CliError {
  const code = error.extensions?.code ?? '';
  const details = error.extensions?.details?.errors;
  const extra = Array.isArray(details)
    ? `\n${details.map((line) => `  ${JSON.stringify(line)}`).join('\n')}`
    : '';
  if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN')
    return new CliError(EXIT.denied, `${code}: ${error.message}`);
  if (code === 'NOT_FOUND') return new CliError(EXIT.notFound, `${code}: ${error.message}`);
  if (code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE' || code === '')
    return new CliError(EXIT.failed, `${code || 'ERROR'}: ${error.message}`);
  return new CliError(EXIT.refused, `${code}: ${error.message}${extra}`);
}
