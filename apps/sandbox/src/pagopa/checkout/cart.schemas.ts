import { z } from 'zod';

/** checkout_v1.json CartRequest: 1 to 5 notices, return URLs for the three outcomes. */
export const cartRequestSchema = z.object({
  emailNotice: z.email().optional(),
  paymentNotices: z
    .array(
      z.object({
        noticeNumber: z.string().length(18),
        fiscalCode: z.string().length(11),
        amount: z.number().int().min(1),
        companyName: z.string().max(140),
        description: z.string().max(140),
      }),
    )
    .min(1, 'a cart holds at least one payment notice')
    .max(5, 'a cart holds at most 5 payment notices'),
  returnUrls: z.object({
    returnOkUrl: z.string().min(1),
    returnCancelUrl: z.string().min(1),
    returnErrorUrl: z.string().min(1),
    returnWaitingUrl: z.string().min(1).optional(),
  }),
  idCart: z.string().optional(),
  allCCP: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
});

export type CartRequest = z.infer<typeof cartRequestSchema>;
