import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { isValidNoticeNumber, isValidOrgFiscalCode } from '@sus/domain';
import { SandboxClock } from '../clock';
import { NoticeFault } from '../gpd/debt-position-store';
import { DebtPositionsService } from '../gpd/debt-positions.service';
import { OrganizationsService } from '../organizations/organizations.service';
import { PagopaCounters } from '../pagopa-counters';
import type { Receipt } from '../receipts/receipt';
import { ReceiptsService } from '../receipts/receipts.service';
import { type PspName, PSPS } from './psps';

/** The node's answer when a step fails: PPT_ codes are the node's own, PAA_ ones come from the ente (GPD). */
export interface NodeFault {
  faultCode: string;
  faultString: string;
  id: 'NodoDeiPagamentiSPC';
  description: string;
  /** When faultCode is PPT_ERRORE_EMESSO_DA_PAA: the ente's code (PAA_PAGAMENTO_SCADUTO, …). */
  originalFaultCode?: string;
}

export type PaymentStep = 'verify' | 'activate' | 'pay';

export class NodeFaultError extends Error {
  override readonly name = 'NodeFaultError';
  constructor(
    readonly step: PaymentStep,
    readonly fault: NodeFault,
  ) {
    super(fault.description);
  }
}

export interface PayRequest {
  noticeNumber: string;
  fiscalCode: string;
  psp: PspName;
  /** What the PSP was asked to collect; when given it must match the ente's amount. */
  amount?: number;
  payer?: { type: 'F' | 'G'; fiscalCode: string; fullName: string };
}

export interface VerifiedNotice {
  noticeNumber: string;
  fiscalCode: string;
  companyName: string;
  officeName?: string;
  paymentDescription: string;
  amount: number;
  dueDate: string;
  status: string;
}

const nodeFault = (step: PaymentStep, faultCode: string, description: string, originalFaultCode?: string) =>
  new NodeFaultError(step, {
    faultCode,
    faultString: originalFaultCode ?? faultCode,
    id: 'NodoDeiPagamentiSPC',
    description,
    ...(originalFaultCode ? { originalFaultCode } : {}),
  });

/**
 * Pays a notice the way a tabaccheria, a home-banking app or Checkout does through the node:
 * verify (paVerifyPaymentNotice) → activate (paGetPayment) → pay (paSendRT), synchronously.
 * Ente-side refusals travel as PPT_ERRORE_EMESSO_DA_PAA with the PAA_ code inside, as on the node.
 */
@Injectable()
export class PspSimulator {
  constructor(
    private readonly positions: DebtPositionsService,
    private readonly organizations: OrganizationsService,
    private readonly receipts: ReceiptsService,
    private readonly counters: PagopaCounters,
    private readonly clock: SandboxClock,
  ) {}

  verify(noticeNumber: string, fiscalCode: string, step: PaymentStep = 'verify'): VerifiedNotice {
    if (!isValidNoticeNumber(noticeNumber) || !isValidOrgFiscalCode(fiscalCode)) {
      throw nodeFault(
        step,
        'PPT_SINTASSI_EXTRAXSD',
        'The notice number or the ente fiscal code is malformed.',
      );
    }
    if (this.organizations.get(fiscalCode) === undefined) {
      throw nodeFault(
        step,
        'PPT_DOMINIO_SCONOSCIUTO',
        `No ente with fiscal code ${fiscalCode} is on pagoPA.`,
      );
    }
    try {
      const { position, option } = this.positions.store.checkPayable(fiscalCode, noticeNumber);
      return {
        noticeNumber,
        fiscalCode,
        companyName: position.companyName,
        officeName: position.officeName,
        paymentDescription: option.description,
        amount: option.amount,
        dueDate: option.dueDate.toISOString(),
        status: position.status,
      };
    } catch (error) {
      if (error instanceof NoticeFault) {
        throw nodeFault(step, 'PPT_ERRORE_EMESSO_DA_PAA', error.message, error.faultCode);
      }
      throw error;
    }
  }

  pay(request: PayRequest): { paymentToken: string; receipt: Receipt } {
    const { noticeNumber, fiscalCode } = request;
    this.verify(noticeNumber, fiscalCode, 'verify');
    // Activation re-checks: another channel may have paid the notice since the verification.
    const verified = this.verify(noticeNumber, fiscalCode, 'activate');
    if (request.amount !== undefined && request.amount !== verified.amount) {
      throw nodeFault(
        'activate',
        'PPT_SEMANTICA',
        `The PSP asked for ${request.amount} cents but the notice is for ${verified.amount} cents.`,
      );
    }
    const paymentToken = randomBytes(16).toString('hex');
    const psp = PSPS[request.psp];
    const now = this.clock.now();
    const receiptId = randomBytes(16).toString('hex');
    const position = this.positions.store.markPaid(fiscalCode, noticeNumber, {
      paymentDate: now,
      paymentMethod: psp.paymentMethod,
      pspCompany: psp.pspCompanyName,
      idReceipt: receiptId,
    });
    const option = position.paymentOption.find((candidate) => candidate.nav === noticeNumber)!;
    const debtor = {
      entityUniqueIdentifierType: position.type,
      entityUniqueIdentifierValue: position.fiscalCode,
      fullName: position.fullName,
    };
    const receipt: Receipt = {
      receiptId,
      noticeNumber,
      fiscalCode,
      outcome: 'OK',
      creditorReferenceId: option.iuv,
      paymentAmount: option.amount,
      description: option.description,
      companyName: position.companyName,
      officeName: position.officeName,
      debtor,
      payer: request.payer
        ? {
            entityUniqueIdentifierType: request.payer.type,
            entityUniqueIdentifierValue: request.payer.fiscalCode,
            fullName: request.payer.fullName,
          }
        : debtor,
      idPSP: psp.idPSP,
      pspFiscalCode: psp.pspFiscalCode,
      pspCompanyName: psp.pspCompanyName,
      idChannel: psp.idChannel,
      channelDescription: psp.channelDescription,
      paymentMethod: psp.paymentMethod,
      fee: 0,
      iur: `${now.toISOString().slice(0, 10).replace(/-/g, '')}${randomBytes(6).toString('hex').toUpperCase()}`,
      paymentDateTime: now.toISOString(),
      applicationDate: now.toISOString().slice(0, 10),
      transferDate: now.toISOString().slice(0, 10),
      transferList: option.transfer.map((transfer) => ({
        idTransfer: Number(transfer.idTransfer),
        transferAmount: transfer.amount,
        fiscalCodePA: transfer.organizationFiscalCode ?? fiscalCode,
        IBAN: transfer.iban ?? transfer.postalIban,
        remittanceInformation: transfer.remittanceInformation,
        transferCategory: transfer.category,
      })),
      iupd: position.iupd,
      isPartialPayment: option.isPartialPayment,
    };
    this.counters.increment('payments', `${fiscalCode}/${option.iuv}`);
    this.receipts.issue(receipt);
    return { paymentToken, receipt };
  }
}
