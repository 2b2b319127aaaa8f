import { z } from 'zod';
import { isValidIban, isValidOrgFiscalCode } from '@sus/domain';

/**
 * What the real platform knows about an ente from its onboarding (PagoPA back office), which
 * the sandbox must be told: the subscription keys enabled for it, its name, the IBANs registered
 * for it, where its receipts go. An intermediary key may be enabled for several enti.
 */
export const organizationSettings = z
  .object({
    fiscalCode: z.string().refine(isValidOrgFiscalCode, 'not a valid 11-digit ente fiscal code'),
    companyName: z.string().min(1).max(140),
    /** Accepted in `Ocp-Apim-Subscription-Key`; at least one. */
    subscriptionKeys: z.array(z.string().min(8)).min(1),
    /** When given, transfers may only credit these IBANs ("IBAN registered on pagoPA"). */
    registeredIbans: z.array(z.string().refine(isValidIban, 'not a valid IBAN')).optional(),
    /** Aux digit 0 enti: the application code that turns a 15-digit IUV into a notice number. */
    applicationCode: z
      .string()
      .regex(/^\d{2}$/)
      .optional(),
    /** The ente's receipt endpoint: every receipt is POSTed here as JSON, with retries. */
    receiptEndpoint: z
      .object({
        url: z.url(),
        /** Sent with every delivery, e.g. the ente's API key. */
        headers: z.record(z.string(), z.string()).default({}),
      })
      .optional(),
  })
  .strict();

export type OrganizationSettings = z.infer<typeof organizationSettings>;
export type OrganizationSettingsInput = z.input<typeof organizationSettings>;
