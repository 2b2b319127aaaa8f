/** Injection token of the sandbox's parsed configuration (a plain object, so it needs a token). */
export const SANDBOX_CONFIG = Symbol('SANDBOX_CONFIG');
