import { z } from 'zod';

/**
 * The OpenID Connect issuers whose access tokens the api accepts. The sandbox IdP in development,
 * a SPID/CIE OIDC gateway (or the region's staff IdP) in production: switching is configuration only.
 */
export const oidcIssuer = z
  .object({
    /**
     * Exactly the `iss` of the tokens, e.g. https://idp.example/oidc. https only, except a loopback
     * issuer (http://127.0.0.1:3100/oidc, http://localhost…) for development.
     */
    issuer: z.url().refine(isTrustworthyUrl, {
      message: 'must be an https URL (http only for a loopback issuer: 127.0.0.1, localhost, ::1)',
    }),
    /** The `aud` the tokens must carry for this api. */
    audience: z.string().min(1),
    /** Where the signing keys are; read from the issuer's discovery document when absent. */
    jwksUri: z.url().optional(),
    /**
     * Whom this issuer may vouch for, required so that forgetting it cannot let a citizen gateway
     * grant staff roles (sus_roles): a SPID/CIE gateway says ["citizen"], the region's staff IdP
     * ["staff"]; the sandbox does both.
     */
    actors: z.array(z.enum(['citizen', 'staff'])).min(1),
  })
  .strict();

/** https, or http to a loopback host (a development IdP on this machine). */
function isTrustworthyUrl(value: string): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
}

export type OidcIssuer = z.infer<typeof oidcIssuer>;

export const oidcIssuers = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({
        code: 'custom',
        message:
          'must be JSON, e.g. [{"issuer":"https://idp.example/oidc","audience":"sus-api","actors":["citizen"]}]',
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(oidcIssuer));
