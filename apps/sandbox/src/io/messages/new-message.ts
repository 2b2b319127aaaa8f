import { z } from 'zod';
import { IO_FISCAL_CODE } from '../fiscal-code';

/**
 * `NewMessage` of the IO Services API (io-services-api.yaml), with IO's defaults applied:
 * `time_to_live` 3600, `feature_level_type` STANDARD, `invalid_after_due_date` false. Unknown
 * properties are dropped, as IO's io-ts decoders do.
 */
const fiscalCode = z.string().regex(IO_FISCAL_CODE, 'is not a valid FiscalCode');
const timestamp = z.iso.datetime({ offset: true, error: 'is not a valid UTC ISO-8601 timestamp' });
const organizationFiscalCode = z.string().regex(/^\d{11}$/, 'is not a valid OrganizationFiscalCode');

export const paymentData = z.object({
  /** Euro cents; pagoPA accepts up to 9999999999. */
  amount: z.number().int().min(1).max(9_999_999_999),
  /** The 18-digit numero avviso: aux digit 0-3, then 17 digits. IO checks the shape only. */
  notice_number: z.string().regex(/^[0123][0-9]{17}$/, 'is not a valid notice number (^[0123][0-9]{17}$)'),
  invalid_after_due_date: z.boolean().default(false),
  payee: z.object({ fiscal_code: organizationFiscalCode }).optional(),
});

const prescriptionData = z.object({
  nre: z.string().length(15),
  iup: z.string().min(1).max(16).optional(),
  prescriber_fiscal_code: fiscalCode.optional(),
});

const legalData = z.object({
  sender_mail_from: z.string().min(1),
  has_attachment: z.boolean(),
  message_unique_id: z.string().min(1),
  original_message_url: z.string().min(1).optional(),
  pec_server_service_id: z.string().min(1).optional(),
});

const thirdPartyData = z.object({
  id: z.string().min(1),
  original_sender: z.string().min(1).optional(),
  original_receipt_date: timestamp.optional(),
  has_attachments: z.boolean().default(false),
  has_remote_content: z.boolean().default(false),
  has_precondition: z.enum(['ALWAYS', 'ONCE', 'NEVER']).optional(),
  summary: z.string().min(1).optional(),
  configuration_id: z
    .string()
    .regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'is not a ULID')
    .optional(),
});

export const messageContent = z.object({
  subject: z.string().min(10).max(120),
  markdown: z.string().min(80).max(10_000),
  /** True: no e-mail notification, push only. */
  require_secure_channels: z.boolean().optional(),
  payment_data: paymentData.optional(),
  prescription_data: prescriptionData.optional(),
  legal_data: legalData.optional(),
  eu_covid_cert: z.object({ auth_code: z.string() }).optional(),
  third_party_data: thirdPartyData.optional(),
  due_date: timestamp.optional(),
});

export const newMessage = z.object({
  /** Deprecated in IO, still validated: seconds IO keeps trying to notify. */
  time_to_live: z.number().int().min(3600).max(604_800).default(3600),
  content: messageContent,
  /** Legacy: IO ignores it today (it used to answer 403). */
  default_addresses: z.object({ email: z.email().optional() }).optional(),
  /** `POST /messages` only; `POST /messages/{fiscal_code}` takes it from the path. */
  fiscal_code: fiscalCode.optional(),
  feature_level_type: z.enum(['STANDARD', 'ADVANCED']).default('STANDARD'),
});

export type NewMessage = z.infer<typeof newMessage>;
export type MessageContent = z.infer<typeof messageContent>;
