// The resolver lives in libs/platform: the worker's simulations start the time-skipping server too.
export { MissingBinaryError, resolveTemporalCli, resolveTemporalTestServer } from '@sus/platform';
