import { z } from 'zod';

/**
 * The OpenID Connect issuers whose access tokens the api accepts. The sandbox IdP in development,
 * a SPID/CIE OIDC gateway (or the region's staff IdP) in production: switching is configuration only.
 */
export const oidcIssuer = z
  .object({
    /** Exactly the `iss` of the tokens, e.g. http://127.0.0.1:3100/oidc. */
    issuer: z.url(),
    /** The `aud` the tokens must carry for this api. */
    audience: z.string().min(1),
    /** Where the signing keys are; read from the issuer's discovery document when absent. */
    jwksUri: z.url().optional(),
    /**
     * Whom this issuer may vouch for. A SPID/CIE gateway should say ["citizen"], so it can never
     * grant staff roles (sus_roles); the region's staff IdP ["staff"]. The sandbox does both.
     */
    actors: z
      .array(z.enum(['citizen', 'staff']))
      .min(1)
      .default(['citizen', 'staff']),
  })
  .strict();

export type OidcIssuer = z.infer<typeof oidcIssuer>;

export const oidcIssuers = z
  .string()
  .transform((text, context) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      context.addIssue({
        code: 'custom',
        message: 'must be JSON, e.g. [{"issuer":"https://idp.example/oidc","audience":"sus-api"}]',
      });
      return z.NEVER;
    }
  })
  .pipe(z.array(oidcIssuer));
