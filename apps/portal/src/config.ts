import { join } from 'node:path';
import { z } from 'zod';
import { env, parseEnvironment, projectRoot, runtimeEnvironment } from '@sus/platform';

/** The portal server: where it listens, the api it forwards GraphQL to, the IdP the browser signs in at. */
export const portalEnvironment = runtimeEnvironment.extend({
  PORTAL_HOST: z.string().min(1).default('127.0.0.1'),
  PORTAL_PORT: env.port.default(3200),
  /** The api as the portal server reaches it (GraphQL is forwarded there: the browser talks to one origin). */
  PORTAL_API_URL: z.url().default('http://127.0.0.1:3000'),
  /** The OIDC issuer citizens and staff sign in at (the sandbox SPID/CIE IdP in development). */
  PORTAL_OIDC_ISSUER: z.url().default('http://127.0.0.1:3100/oidc'),
  /** A public client: authorization code with PKCE, no secret in the browser. */
  PORTAL_OIDC_CLIENT_ID: z.string().min(1).default('sus-dev'),
  /** The browser bundle `npm run build` writes (vite). */
  PORTAL_STATIC_DIR: z
    .string()
    .min(1)
    .default(join(projectRoot(), 'dist', 'portal')),
});

export type PortalSettings = z.infer<typeof portalEnvironment>;

export function loadPortalSettings(source: NodeJS.ProcessEnv = process.env): PortalSettings {
  return parseEnvironment(portalEnvironment, source);
}
