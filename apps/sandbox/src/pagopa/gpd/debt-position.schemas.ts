import { z } from 'zod';

/** Zod mirror of gpd.json's PaymentPositionModel (v1) and its parts. Unknown fields are dropped, as Jackson does. */

const dateTime = z
  .string()
  .refine((value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value)), {
    message: 'expected an ISO date-time, e.g. 2026-12-31T23:59:59',
  });

const metadata = z.object({ key: z.string().max(140), value: z.string().max(140) });

export const stampSchema = z.object({
  hashDocument: z.string().max(72),
  stampType: z.string().length(2),
  provincialResidence: z.string().regex(/^[A-Z]{2}$/),
});

export const transferSchema = z.object({
  idTransfer: z.enum(['1', '2', '3', '4', '5']),
  amount: z.number().int().min(1),
  organizationFiscalCode: z.string().optional(),
  remittanceInformation: z.string().max(140),
  category: z.string(),
  iban: z
    .string()
    .regex(/^[A-Za-z0-9]{1,35}$/)
    .optional(),
  postalIban: z
    .string()
    .regex(/^$|^[A-Za-z0-9]{1,35}$/)
    .optional(),
  stamp: stampSchema.optional(),
  companyName: z.string().max(140).optional(),
  transferMetadata: z.array(metadata).max(10).optional(),
});

export const paymentOptionSchema = z.object({
  nav: z.string().optional(),
  iuv: z.string().min(1),
  amount: z.number().int().min(1),
  description: z.string().max(140),
  isPartialPayment: z.boolean(),
  dueDate: dateTime,
  retentionDate: dateTime.optional(),
  fee: z.number().int().min(0).optional(),
  transfer: z.array(transferSchema).optional(),
  paymentOptionMetadata: z.array(metadata).max(10).optional(),
});

export const paymentPositionSchema = z.object({
  iupd: z.string().regex(/^[\w*\s-]+$/, 'IUPD may contain letters, digits, "_", "-", "*" and spaces'),
  type: z.enum(['F', 'G']),
  payStandIn: z.boolean().optional(),
  fiscalCode: z.string().min(1),
  fullName: z.string().min(1),
  streetName: z.string().optional(),
  civicNumber: z.string().optional(),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  province: z.string().optional(),
  region: z.string().optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  switchToExpired: z.boolean(),
  companyName: z.string().max(140),
  officeName: z.string().max(140).optional(),
  validityDate: dateTime.nullish(),
  paymentOption: z.array(paymentOptionSchema).optional(),
});

export type PaymentPositionInput = z.infer<typeof paymentPositionSchema>;
export type PaymentOptionInput = z.infer<typeof paymentOptionSchema>;
export type TransferInput = z.infer<typeof transferSchema>;

export const DEBT_POSITION_STATUSES = [
  'DRAFT',
  'PUBLISHED',
  'VALID',
  'INVALID',
  'EXPIRED',
  'PARTIALLY_PAID',
  'PAID',
  'REPORTED',
] as const;
export type DebtPositionStatus = (typeof DEBT_POSITION_STATUSES)[number];

export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(10),
  page: z.coerce.number().int().min(0).default(0),
  due_date_from: z.iso.date().optional(),
  due_date_to: z.iso.date().optional(),
  payment_date_from: z.iso.date().optional(),
  payment_date_to: z.iso.date().optional(),
  status: z.enum(DEBT_POSITION_STATUSES).optional(),
  orderby: z.enum(['INSERTED_DATE', 'IUPD', 'STATUS', 'COMPANY_NAME']).default('INSERTED_DATE'),
  ordering: z.enum(['ASC', 'DESC']).default('DESC'),
});
export type ListQuery = z.infer<typeof listQuerySchema>;

export const toPublishQuerySchema = z.object({
  toPublish: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
});
