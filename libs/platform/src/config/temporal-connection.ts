import { readFileSync } from 'node:fs';
import { ConfigurationError, type temporalEnvironment } from './environment';
import type { z } from 'zod';

type TemporalSettings = Pick<
  z.infer<typeof temporalEnvironment>,
  | 'TEMPORAL_ADDRESS'
  | 'TEMPORAL_TLS'
  | 'TEMPORAL_TLS_CERT_PATH'
  | 'TEMPORAL_TLS_KEY_PATH'
  | 'TEMPORAL_TLS_CA_PATH'
  | 'TEMPORAL_TLS_SERVER_NAME'
  | 'TEMPORAL_API_KEY'
>;

/** The shape both `Connection.connect` (client) and `NativeConnection.connect` (worker) accept. */
export interface TemporalConnectionOptions {
  address: string;
  tls?:
    | boolean
    | {
        clientCertPair?: { crt: Buffer; key: Buffer };
        serverRootCACertificate?: Buffer;
        serverNameOverride?: string;
      };
  apiKey?: string;
}

/**
 * Address, TLS and API key for every connection to Temporal (api, worker, schedules), from the
 * environment: nothing for the local dev server; TLS with a client certificate for a self-hosted
 * cluster with mTLS; an API key (TLS implied) for Temporal Cloud. Files are read here, so a
 * missing or unreadable one stops the process at start naming its variable.
 */
export function temporalConnectionOptions(settings: TemporalSettings): TemporalConnectionOptions {
  const problems: { variable: string; problem: string }[] = [];
  const read = (variable: keyof TemporalSettings): Buffer | undefined => {
    const path = settings[variable];
    if (typeof path !== 'string') return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      problems.push({
        variable,
        problem: `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      });
      return undefined;
    }
  };
  const hasCert = settings.TEMPORAL_TLS_CERT_PATH !== undefined;
  const hasKey = settings.TEMPORAL_TLS_KEY_PATH !== undefined;
  if (hasCert !== hasKey) {
    const missing = hasCert ? 'TEMPORAL_TLS_KEY_PATH' : 'TEMPORAL_TLS_CERT_PATH';
    problems.push({
      variable: missing,
      problem: 'a client certificate needs both TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH',
    });
  }
  const crt = read('TEMPORAL_TLS_CERT_PATH');
  const key = read('TEMPORAL_TLS_KEY_PATH');
  const ca = read('TEMPORAL_TLS_CA_PATH');
  if (
    settings.TEMPORAL_TLS === false &&
    (hasCert || ca !== undefined || settings.TEMPORAL_API_KEY !== undefined)
  ) {
    problems.push({ variable: 'TEMPORAL_TLS', problem: 'is false, but TLS files or an API key are set' });
  }
  if (problems.length > 0) throw new ConfigurationError(problems);

  const tlsDetails = {
    ...(crt && key ? { clientCertPair: { crt, key } } : {}),
    ...(ca ? { serverRootCACertificate: ca } : {}),
    ...(settings.TEMPORAL_TLS_SERVER_NAME ? { serverNameOverride: settings.TEMPORAL_TLS_SERVER_NAME } : {}),
  };
  const tlsOn =
    settings.TEMPORAL_TLS === true ||
    Object.keys(tlsDetails).length > 0 ||
    settings.TEMPORAL_API_KEY !== undefined;
  return {
    address: settings.TEMPORAL_ADDRESS,
    ...(tlsOn ? { tls: Object.keys(tlsDetails).length > 0 ? tlsDetails : true } : {}),
    ...(settings.TEMPORAL_API_KEY !== undefined ? { apiKey: settings.TEMPORAL_API_KEY } : {}),
  };
}
