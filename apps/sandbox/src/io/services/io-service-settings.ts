import { z } from 'zod';
import { IO_FISCAL_CODE } from '../fiscal-code';

/**
 * What App IO knows about a sender service from the IO back office, which the sandbox must be
 * told: its id and name, the subscription keys that act as it (a primary and a secondary key in
 * the real platform; one key belongs to one service), and the limits applied to it.
 */
export const ioServiceSettings = z
  .object({
    /** The IO service id (the APIM subscription id), e.g. a ULID. */
    serviceId: z
      .string()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only'),
    name: z.string().min(1).max(200),
    /** Accepted in `Ocp-Apim-Subscription-Key`; at least one. */
    subscriptionKeys: z.array(z.string().min(8)).min(1),
    /** Requests per second per key (token bucket, burst of one second); absent: the sandbox default. 0 = no limit. */
    rateLimitPerSecond: z.number().min(0).max(100_000).optional(),
    /** The ente running the service (11 digits), shown in the citizen's inbox. */
    organizationFiscalCode: z
      .string()
      .regex(/^\d{11}$/)
      .optional(),
    organizationName: z.string().min(1).max(200).optional(),
    /**
     * A service still in test ("limited" mode in IO): it may read profiles of and write to these
     * fiscal codes only, 403 for anyone else. Absent: the service is in production.
     */
    authorizedRecipients: z.array(z.string().regex(IO_FISCAL_CODE, 'not an IO fiscal code')).optional(),
    /** Highest `payment_data.amount` in cents this service may ask for (IO answers 400 above it). */
    maxAllowedPaymentAmount: z.number().int().min(0).max(9_999_999_999).default(9_999_999_999),
  })
  .strict();

export type IoServiceSettings = z.infer<typeof ioServiceSettings>;
export type IoServiceSettingsInput = z.input<typeof ioServiceSettings>;
