import type { CivilDate } from '@sus/domain';

/** What one avviso di pagamento shows (Allegato 2 field names in the comments). */
export interface PaymentNoticeInput {
  creditor: {
    /** ENTE.NOME */
    name: string;
    /** ENTE.CF: the 11-digit fiscal code, also the one in the QR code. */
    fiscalCode: string;
    /** ENTE.SETTORE: the organisational unit that issues the notice. */
    sector?: string;
    /** ENTE.CBILL: the interbank code under which home banking finds the ente (5 letters or digits). */
    cbillCode: string;
    /** Contacts printed for questions, e.g. web site or e-mail. */
    contact?: string;
    /** Only for enti collecting on a conto corrente postale: adds the Bollettino Postale PA with its Data Matrix. */
    postalAccount?: { number: string; holder: string };
  };
  debtor: {
    /** DESTINATARIO.NOMECOMPLETO */
    fullName: string;
    /** DESTINATARIO.CF; may be missing only when unknown (e.g. a foreigner without one). */
    fiscalCode?: string;
    /** DESTINATARIO.INDIRIZZO on one line. */
    address?: string;
  };
  /** AVVISO.OGGETTO: what is being paid (the causale), at most 90 characters. */
  subject: string;
  /** The whole amount in one payment (rata unica). */
  single?: PaymentNoticeOption;
  /** An instalment plan (at least two), each with its own notice number; may come with `single`. */
  instalments?: PaymentNoticeOption[];
}

export interface PaymentNoticeOption {
  /** The 18-digit notice number (AVVISO.CODICE / RATAn.CODICE). */
  noticeNumber: string;
  amountCents: number;
  /** Due date (AVVISO.DATA); none means "senza scadenza". */
  dueDate?: CivilDate;
}

export type PaymentNoticeErrorCode = 'INVALID_PAYMENT_NOTICE';

/** Input that cannot make a valid avviso; carries the field at fault. */
export class PaymentNoticeError extends Error {
  override readonly name = 'PaymentNoticeError';
  readonly code: PaymentNoticeErrorCode = 'INVALID_PAYMENT_NOTICE';

  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
  }
}
