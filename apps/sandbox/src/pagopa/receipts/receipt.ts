import { Money } from '@sus/domain';

/**
 * A payment receipt (RT). Field names follow pagoPA's `ctReceiptV2` (paSendRTV2), the receipt the
 * node hands to the ente's station; amounts are integer euro cents as everywhere in GPD's REST API.
 */
export interface Receipt {
  receiptId: string;
  noticeNumber: string;
  /** The ente (creditor) fiscal code. */
  fiscalCode: string;
  outcome: 'OK';
  /** The IUV. */
  creditorReferenceId: string;
  paymentAmount: number;
  description: string;
  companyName: string;
  officeName?: string;
  debtor: { entityUniqueIdentifierType: 'F' | 'G'; entityUniqueIdentifierValue: string; fullName: string };
  payer?: { entityUniqueIdentifierType: 'F' | 'G'; entityUniqueIdentifierValue: string; fullName: string };
  idPSP: string;
  pspFiscalCode: string;
  pspCompanyName: string;
  idChannel: string;
  channelDescription: string;
  paymentMethod: string;
  fee: number;
  /** Identificativo univoco riscossione: the PSP's reference, found again in the settlement flow. */
  iur: string;
  paymentDateTime: string;
  applicationDate: string;
  transferDate: string;
  transferList: {
    idTransfer: number;
    transferAmount: number;
    fiscalCodePA: string;
    IBAN?: string;
    remittanceInformation: string;
    transferCategory: string;
  }[];
  /** IUPD of the debt position, for the ente's own bookkeeping. */
  iupd: string;
  isPartialPayment: boolean;
}

const escapeXml = (value: string): string =>
  value.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

const euro = (cents: number): string => Money.fromCents(cents).toDecimalString();

function element(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

function subject(name: string, party: NonNullable<Receipt['payer']>): string {
  return (
    `<${name}><uniqueIdentifier>` +
    element('entityUniqueIdentifierType', party.entityUniqueIdentifierType) +
    element('entityUniqueIdentifierValue', party.entityUniqueIdentifierValue) +
    `</uniqueIdentifier>${element('fullName', party.fullName)}</${name}>`
  );
}

/**
 * The receipt as GPD payments returns it from `GET /payments/{ente}/receipts/{iuv}`: the XML of
 * the paSendRTV2 request the ente's station received (amounts in euro with two decimals).
 */
export function receiptXml(receipt: Receipt): string {
  const transfers = receipt.transferList
    .map(
      (transfer) =>
        '<transfer>' +
        element('idTransfer', transfer.idTransfer) +
        element('transferAmount', euro(transfer.transferAmount)) +
        element('fiscalCodePA', transfer.fiscalCodePA) +
        element('IBAN', transfer.IBAN) +
        element('remittanceInformation', transfer.remittanceInformation) +
        element('transferCategory', transfer.transferCategory) +
        '</transfer>',
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<pafn:paSendRTV2Req xmlns:pafn="http://pagopa-api.pagopa.gov.it/pa/paForNode.xsd">' +
    element('idPA', receipt.fiscalCode) +
    '<receipt>' +
    element('receiptId', receipt.receiptId) +
    element('noticeNumber', receipt.noticeNumber) +
    element('fiscalCode', receipt.fiscalCode) +
    element('outcome', receipt.outcome) +
    element('creditorReferenceId', receipt.creditorReferenceId) +
    element('paymentAmount', euro(receipt.paymentAmount)) +
    element('description', receipt.description) +
    element('companyName', receipt.companyName) +
    element('officeName', receipt.officeName) +
    subject('debtor', receipt.debtor) +
    `<transferList>${transfers}</transferList>` +
    element('idPSP', receipt.idPSP) +
    element('pspFiscalCode', receipt.pspFiscalCode) +
    element('pspCompanyName', receipt.pspCompanyName) +
    element('idChannel', receipt.idChannel) +
    element('channelDescription', receipt.channelDescription) +
    (receipt.payer ? subject('payer', receipt.payer) : '') +
    element('paymentMethod', receipt.paymentMethod) +
    element('fee', euro(receipt.fee)) +
    element('paymentDateTime', receipt.paymentDateTime) +
    element('applicationDate', receipt.applicationDate) +
    element('transferDate', receipt.transferDate) +
    '</receipt></pafn:paSendRTV2Req>'
  );
}
