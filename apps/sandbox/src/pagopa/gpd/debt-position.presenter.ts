import type { StoredOption, StoredPosition, StoredTransfer } from './debt-position-store';

/** JSON shapes of gpd.json: PaymentPositionModel (write answers) and PaymentPositionModelBaseResponse (reads). */

const iso = (date: Date | undefined): string | undefined => date?.toISOString();

function transferModel(transfer: StoredTransfer) {
  return {
    idTransfer: transfer.idTransfer,
    amount: transfer.amount,
    organizationFiscalCode: transfer.organizationFiscalCode,
    remittanceInformation: transfer.remittanceInformation,
    category: transfer.category,
    iban: transfer.iban,
    postalIban: transfer.postalIban,
    stamp: transfer.stamp,
    companyName: transfer.companyName,
    transferMetadata: transfer.transferMetadata,
  };
}

function optionModel(option: StoredOption) {
  return {
    nav: option.nav,
    iuv: option.iuv,
    amount: option.amount,
    description: option.description,
    isPartialPayment: option.isPartialPayment,
    dueDate: iso(option.dueDate),
    retentionDate: iso(option.retentionDate),
    fee: option.fee,
    notificationFee: option.notificationFee,
    transfer: option.transfer.map(transferModel),
    paymentOptionMetadata: option.paymentOptionMetadata,
  };
}

export function paymentPositionModel(position: StoredPosition) {
  return {
    iupd: position.iupd,
    type: position.type,
    payStandIn: position.payStandIn,
    fiscalCode: position.fiscalCode,
    fullName: position.fullName,
    ...position.debtorContact,
    switchToExpired: position.switchToExpired,
    companyName: position.companyName,
    officeName: position.officeName,
    validityDate: iso(position.validityDate),
    paymentDate: iso(position.paymentDate),
    status: position.status,
    paymentOption: position.paymentOption.map(optionModel),
  };
}

function transferResponse(transfer: StoredTransfer) {
  return {
    ...transferModel(transfer),
    insertedDate: iso(transfer.insertedDate),
    status: transfer.status,
    lastUpdatedDate: iso(transfer.lastUpdatedDate),
  };
}

function optionResponse(option: StoredOption) {
  return {
    nav: option.nav,
    iuv: option.iuv,
    organizationFiscalCode: option.organizationFiscalCode,
    amount: option.amount,
    description: option.description,
    isPartialPayment: option.isPartialPayment,
    dueDate: iso(option.dueDate),
    retentionDate: iso(option.retentionDate),
    paymentDate: iso(option.payment?.paymentDate),
    reportingDate: iso(option.reportingDate),
    insertedDate: iso(option.insertedDate),
    paymentMethod: option.payment?.paymentMethod,
    fee: option.fee,
    notificationFee: option.notificationFee,
    pspCompany: option.payment?.pspCompany,
    idReceipt: option.payment?.idReceipt,
    idFlowReporting: option.idFlowReporting,
    status: option.status,
    lastUpdatedDate: iso(option.lastUpdatedDate),
    paymentOptionMetadata: option.paymentOptionMetadata,
    transfer: option.transfer.map(transferResponse),
  };
}

export function paymentPositionResponse(position: StoredPosition) {
  return {
    iupd: position.iupd,
    organizationFiscalCode: position.organizationFiscalCode,
    type: position.type,
    companyName: position.companyName,
    officeName: position.officeName,
    insertedDate: iso(position.insertedDate),
    publishDate: iso(position.publishDate),
    validityDate: iso(position.validityDate),
    paymentDate: iso(position.paymentDate),
    status: position.status,
    lastUpdatedDate: iso(position.lastUpdatedDate),
    paymentOption: position.paymentOption.map(optionResponse),
  };
}
