import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from './environment';
import { temporalConnectionOptions } from './temporal-connection';

describe(temporalConnectionOptions.name, () => {
  let dir: string;
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sus-temporal-tls-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('connects in plain text to the dev server when nothing else is set', () => {
    expect(temporalConnectionOptions({ TEMPORAL_ADDRESS: '127.0.0.1:7233' })).toEqual({
      address: '127.0.0.1:7233',
    });
  });

  it('uses mutual TLS with the client certificate, the CA and the server name of a self-hosted cluster', () => {
    const options = temporalConnectionOptions({
      TEMPORAL_ADDRESS: 'temporal.regione.internal:7233',
      TEMPORAL_TLS_CERT_PATH: file('client.pem', 'CERT'),
      TEMPORAL_TLS_KEY_PATH: file('client.key', 'KEY'),
      TEMPORAL_TLS_CA_PATH: file('ca.pem', 'CA'),
      TEMPORAL_TLS_SERVER_NAME: 'temporal-frontend',
    });
    expect(options).toEqual({
      address: 'temporal.regione.internal:7233',
      tls: {
        clientCertPair: { crt: Buffer.from('CERT'), key: Buffer.from('KEY') },
        serverRootCACertificate: Buffer.from('CA'),
        serverNameOverride: 'temporal-frontend',
      },
    });
  });

  it('sends a Temporal Cloud API key over TLS', () => {
    expect(
      temporalConnectionOptions({
        TEMPORAL_ADDRESS: 'europe-west3.gcp.api.temporal.io:7233',
        TEMPORAL_API_KEY: 'cloud-api-key',
      }),
    ).toEqual({ address: 'europe-west3.gcp.api.temporal.io:7233', tls: true, apiKey: 'cloud-api-key' });
  });

  it('refuses half a certificate pair, an unreadable file and TLS turned off under TLS settings, naming each variable', () => {
    let error: unknown;
    try {
      temporalConnectionOptions({
        TEMPORAL_ADDRESS: 'temporal:7233',
        TEMPORAL_TLS: false,
        TEMPORAL_TLS_CERT_PATH: file('client.pem', 'CERT'),
        TEMPORAL_TLS_CA_PATH: join(dir, 'missing.pem'),
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as ConfigurationError).problems.map((p) => p.variable).sort()).toEqual([
      'TEMPORAL_TLS',
      'TEMPORAL_TLS_CA_PATH',
      'TEMPORAL_TLS_KEY_PATH',
    ]);
  });
});
