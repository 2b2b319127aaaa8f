import { DefaultLogger, Runtime } from '@temporalio/worker';

// The SDK logs every worker state change at INFO; tests only want trouble.
Runtime.install({ logger: new DefaultLogger('WARN') });
jest.setTimeout(180_000);
