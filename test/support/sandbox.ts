import { randomInt } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { buildNoticeNumber } from '@sus/domain';
import { createSandboxApp } from '../../apps/sandbox/src/bootstrap';
import { loadSandboxConfig } from '../../apps/sandbox/src/config';
import type { JsonBody } from './http';

/** Two enti with valid fiscal codes; the second shares no key with the first. */
export const ENTE = {
  fiscalCode: '01199250158',
  companyName: 'Comune di Sandbox',
  key: 'key-comune-sandbox-0001',
} as const;
export const OTHER_ENTE = {
  fiscalCode: '86334519757',
  companyName: 'Comune di Altrove',
  key: 'key-comune-altrove-0002',
} as const;
/** Two App IO services of the ente, each with its own subscription key. */
export const IO_SERVICE = {
  serviceId: 'sus-anagrafe-sandbox',
  name: 'Servizi anagrafici',
  key: 'key-io-anagrafe-0001',
} as const;
export const OTHER_IO_SERVICE = {
  serviceId: 'sus-tributi-sandbox',
  name: 'Tributi',
  key: 'key-io-tributi-0002',
} as const;
export const IBAN = 'IT60X0542811101000000123456';
export const TAXONOMY = '9/0104102TS/';

export interface RunningSandbox {
  app: NestFastifyApplication;
  url: string;
  close(): Promise<void>;
}

/**
 * The real sandbox app, in process, on a free loopback port, knowing ENTE and OTHER_ENTE and the
 * IO services IO_SERVICE and OTHER_IO_SERVICE; its SMTP catch-all takes a free port too.
 */
export async function startSandbox(env: Record<string, string> = {}): Promise<RunningSandbox> {
  const config = loadSandboxConfig({
    LOG_LEVEL: 'warn',
    SANDBOX_PAGOPA_ORGANIZATIONS: JSON.stringify([
      { fiscalCode: ENTE.fiscalCode, companyName: ENTE.companyName, subscriptionKeys: [ENTE.key] },
      {
        fiscalCode: OTHER_ENTE.fiscalCode,
        companyName: OTHER_ENTE.companyName,
        subscriptionKeys: [OTHER_ENTE.key],
      },
    ]),
    SANDBOX_IO_SERVICES: JSON.stringify(
      [IO_SERVICE, OTHER_IO_SERVICE].map(({ serviceId, name, key }) => ({
        serviceId,
        name,
        organizationFiscalCode: ENTE.fiscalCode,
        subscriptionKeys: [key],
      })),
    ),
    SANDBOX_SMTP_PORT: '0',
    ...env,
  });
  const app = await createSandboxApp(config);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('sandbox did not bind a TCP port');
  return { app, url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** A fresh aux-3 notice number (segregation code 01) and its IUV. */
export function newNotice(): { noticeNumber: string; iuv: string } {
  const iuvBase = `2026${String(randomInt(0, 999_999_999)).padStart(9, '0')}`;
  return buildNoticeNumber({ auxDigit: 3, segregationCode: '01', iuvBase });
}

export function newIupd(): string {
  return `SUS-${ENTE.fiscalCode}-${randomInt(0, 2 ** 40).toString(36)}`;
}

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 19);

export interface OptionSpec {
  iuv: string;
  amount: number;
  isPartialPayment?: boolean;
  dueInDays?: number;
}

/** A PaymentPositionModel as SUS will send it: one transfer per option, to the ente's IBAN. */
export function debtPosition(
  iupd: string,
  options: OptionSpec[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    iupd,
    type: 'F',
    fiscalCode: 'RSSMRA85T10A562S',
    fullName: 'Mario Rossi',
    companyName: ENTE.companyName,
    switchToExpired: true,
    paymentOption: options.map((option) => ({
      iuv: option.iuv,
      amount: option.amount,
      description: 'Diritti di celebrazione del matrimonio civile',
      isPartialPayment: option.isPartialPayment ?? false,
      dueDate: inDays(option.dueInDays ?? 30),
      transfer: [
        {
          idTransfer: '1',
          amount: option.amount,
          remittanceInformation: 'Matrimonio civile',
          category: TAXONOMY,
          iban: IBAN,
        },
      ],
    })),
    ...extra,
  };
}

export const gpdUrl = (sandbox: RunningSandbox, fiscalCode: string = ENTE.fiscalCode): string =>
  `${sandbox.url}/gpd/debt-positions-service/v1/organizations/${fiscalCode}/debtpositions`;

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: JsonBody;
}

/** A tiny HTTP server standing in for the ente's receipt endpoint; fails the first `failFirst` calls with 503. */
export async function startReceiver(failFirst = 0): Promise<{
  url: string;
  received: ReceivedRequest[];
  close(): Promise<void>;
}> {
  const received: ReceivedRequest[] = [];
  let calls = 0;
  const server: Server = createServer((request, response) => {
    let data = '';
    request.on('data', (chunk) => (data += String(chunk)));
    request.on('end', () => {
      calls += 1;
      received.push({ headers: request.headers, body: data === '' ? undefined : JSON.parse(data) });
      response.statusCode = calls <= failFirst ? 503 : 200;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/receipts`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
