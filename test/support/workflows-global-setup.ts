import { temporalSetup } from './global-setup';

/** The workflows tier: Temporal binaries and the workflow bundle, no Postgres (see global-setup.ts). */
export default temporalSetup;
