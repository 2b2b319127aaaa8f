import { DefaultLogger, Runtime } from '@temporalio/worker';

// The SDK logs worker state changes and every retried activity failure; tests only want real errors.
Runtime.install({ logger: new DefaultLogger('ERROR') });
jest.setTimeout(180_000);
