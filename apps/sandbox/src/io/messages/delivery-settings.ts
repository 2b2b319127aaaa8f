import { z } from 'zod';

/** A status IO's processing can end in besides PROCESSED; THROTTLED is followed by a later attempt. */
export const injectedStatus = z.enum(['REJECTED', 'FAILED', 'THROTTLED']);

/**
 * How the imitated IO processes accepted messages: the delay before a message leaves ACCEPTED,
 * and fault rules that make some messages end REJECTED or FAILED, or pass through THROTTLED.
 * A message to a citizen not on IO, or who blocked the service, ends REJECTED regardless.
 */
export const deliverySettings = z
  .object({
    processingDelayMs: z.number().int().min(0).max(3_600_000),
    /** The first rule matching the message's recipient and sender decides; fields left out match anything. */
    rules: z.array(
      z
        .object({
          fiscalCode: z.string().min(1).optional(),
          serviceId: z.string().min(1).optional(),
          status: injectedStatus,
        })
        .strict(),
    ),
    /** Share of the other messages that end FAILED, or pass through THROTTLED once. */
    failedRate: z.number().min(0).max(1),
    throttledRate: z.number().min(0).max(1),
  })
  .strict();

export type DeliverySettings = z.infer<typeof deliverySettings>;
export type DeliveryRule = DeliverySettings['rules'][number];
