import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { accountReference, assertCan, can } from '@sus/domain';
import {
  CatalogError,
  EntiService,
  PaymentIssuance,
  NotificationRepository,
  parseField,
  PaymentRepository,
  type Page,
  type PaymentView,
  type RequestContext,
} from '@sus/catalog';
import {
  canCancelPayment,
  civilDateInRome,
  compareCivilDates,
  isValidFiscalCode,
  isValidOrgFiscalCode,
  Money,
  parseCivilDate,
  DomainError,
  formatNoticeNumber,
  parseTaxonomyCode,
  renderMessage,
  type MessageText,
} from '@sus/domain';
import {
  applyReceiptUpdate,
  cancelPaymentUpdate,
  lateReceiptWorkflowId,
  lateReceiptWorkflowType,
  paymentWorkflowId,
  paymentWorkflowType,
  type LateReceiptWorkflow,
  type PaymentMessages,
  type PaymentReceipt,
  type PaymentWorkflow,
  type ReceiptOutcome,
} from '@sus/contracts';
import { TemporalGateway } from '../temporal/temporal.module';
import type { IssuePaymentInput } from './dto/issue-payment.input';
import type { PaymentsArgs } from './dto/payments.args';

export interface IncomingReceipt {
  receiptId: string;
  noticeNumber: string;
  orgFiscalCode: string;
  amountCents: number;
  paymentDate: string;
  pspName?: string;
}

export type { ReceiptOutcome };

@Injectable()
export class PaymentsService {
  constructor(
    private readonly enti: EntiService,
    private readonly issuance: PaymentIssuance,
    private readonly payments: PaymentRepository,
    private readonly temporal: TemporalGateway,
    private readonly notifications: NotificationRepository,
  ) {}

  private readonly logger = new Logger(PaymentsService.name);

  /**
   * Allocates the notice number and hands the payment to its workflow; repeating requestId is safe.
   * `voluntaryPortal`: the regional portal issuing a voluntary payment for whoever pays (anyone,
   * see VoluntaryPaymentsResolver, which checks the service accepts it); every other caller needs
   * payments:write in the ente.
   */
  async issue(
    ctx: RequestContext,
    input: IssuePaymentInput,
    options: { voluntaryPortal?: boolean } = {},
  ): Promise<{ noticeNumber: string }> {
    const ente = await this.enti.getByCode(ctx, input.enteCode);
    if (!options.voluntaryPortal) assertCan(ctx, 'payments:write', ente.ipaCode);
    const payerValid =
      input.payer.type === 'F'
        ? isValidFiscalCode(input.payer.fiscalCode)
        : isValidOrgFiscalCode(input.payer.fiscalCode);
    if (!payerValid) {
      throw new CatalogError(
        input.payer.type === 'F' ? 'INVALID_FISCAL_CODE' : 'INVALID_ORG_FISCAL_CODE',
        'The payer fiscal code is not valid.',
        'payer.fiscalCode',
      );
    }
    parseField('amountCents', () => Money.payable(input.amountCents));
    parseField('taxonomyCode', () => parseTaxonomyCode(input.taxonomyCode));
    const dueDate = parseField('dueDate', () => parseCivilDate(input.dueDate));
    if (compareCivilDates(dueDate, civilDateInRome(new Date())) < 0) {
      throw new CatalogError('INVALID_DUE_DATE', `The due date ${dueDate} is in the past.`, 'dueDate');
    }
    const plan = (input.instalments ?? []).map((instalment, index) => ({
      amountCents: instalment.amountCents,
      dueDate: parseField(`instalments.${index}.dueDate`, () => parseCivilDate(instalment.dueDate)),
    }));
    if (
      plan.length > 0 &&
      plan.reduce((sum, instalment) => sum + instalment.amountCents, 0) !== input.amountCents
    ) {
      throw new CatalogError(
        'INSTALMENTS_DO_NOT_ADD_UP',
        'The instalments must add up to amountCents.',
        'instalments',
      );
    }
    // Checked before anything is allocated: an unknown service is bad input.
    const sender = input.serviceCode
      ? await this.notifications.resolveSender(ente.ipaCode, input.serviceCode)
      : undefined;
    const payment = await this.issuance.prepare(ctx, {
      ente,
      requestKey: `issue/${ente.ipaCode}/${input.requestId ?? randomUUID()}`,
      payer: input.payer,
      amountCents: input.amountCents,
      description: input.description,
      taxonomyCode: input.taxonomyCode,
      dueDate,
      onDue: input.onDue,
      instalments: plan,
    });
    if (input.serviceCode) payment.serviceCode = input.serviceCode;
    if (sender?.serviceIoServiceId)
      payment.messages = await this.messagesFor(ente, input, dueDate, payment.noticeNumber);
    const client = await this.temporal.client();
    try {
      await this.startPayment(client, payment.noticeNumber, [payment]);
    } catch (error) {
      // The same request repeated after its payment ended: the same notice, never a second run
      // that would publish again or rewrite the payment's history.
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
    }
    return { noticeNumber: payment.noticeNumber };
  }

  /**
   * The App IO messages of a payment (issue 18): only for a person paying for a service with an App
   * IO service. Texts come from the ente's templates `payment.notice` and `payment.receipt` (with
   * {{description}}, {{amount}}, {{dueDate}}, {{noticeNumber}}, {{ente}}, {{payer}}), or SUS's own.
   */
  private async messagesFor(
    ente: { ipaCode: string; name: string },
    input: IssuePaymentInput,
    dueDate: string,
    noticeNumber: string,
  ): Promise<PaymentMessages | undefined> {
    if (input.payer.type !== 'F') return undefined;
    const variables = {
      description: input.description,
      amount: Money.fromCents(input.amountCents).format(),
      dueDate: `${dueDate.slice(8, 10)}/${dueDate.slice(5, 7)}/${dueDate.slice(0, 4)}`,
      noticeNumber: formatNoticeNumber(noticeNumber),
      ente: ente.name,
      payer: input.payer.fullName,
    };
    const text = async (kind: 'notice' | 'receipt', fallback: MessageText): Promise<MessageText> => {
      const template = await this.notifications.findTemplate(
        ente.ipaCode,
        input.serviceCode,
        `payment.${kind}`,
      );
      if (!template) return fallback;
      try {
        return renderMessage(template.text, variables);
      } catch (error) {
        // A broken template must not stop a payment: the citizen gets SUS's own text, staff a warning.
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn(`template payment.${kind} of ${ente.ipaCode} not used: ${error.message}`);
        return fallback;
      }
    };
    return {
      serviceCode: input.serviceCode,
      notice: await text('notice', {
        subject: `Avviso di pagamento: ${input.description}`.slice(0, 120),
        markdown:
          `${ente.name} ti ha inviato un avviso di pagamento di **${variables.amount}** per «${input.description}», ` +
          `da pagare entro il ${variables.dueDate}.\n\nCodice avviso: ${variables.noticeNumber}. Puoi pagare dall'app IO con il ` +
          'pulsante qui sotto, oppure presso qualsiasi prestatore di servizi di pagamento aderente a pagoPA.',
      }),
      receipt: await text('receipt', {
        subject: `Pagamento ricevuto: ${input.description}`.slice(0, 120),
        markdown:
          `${ente.name} ha ricevuto il tuo pagamento di **${variables.amount}** per «${input.description}» ` +
          `(codice avviso ${variables.noticeNumber}). Grazie: non devi fare altro.`,
      }),
    };
  }

  private startPayment(client: Client, noticeNumber: string, args: Parameters<PaymentWorkflow>) {
    return client.workflow.start<PaymentWorkflow>(paymentWorkflowType, {
      workflowId: paymentWorkflowId(noticeNumber),
      taskQueue: this.temporal.taskQueue,
      // A retried request finds the workflow running: same notice, no second debt position...
      workflowIdConflictPolicy: 'USE_EXISTING',
      // ...or closed: refused, so a payment's workflow id is used by one chain of runs only.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      args,
    });
  }

  async list(ctx: RequestContext, args: PaymentsArgs): Promise<Page<PaymentView>> {
    const ente = await this.enti.getByCode(ctx, args.enteCode);
    assertCan(ctx, 'payments:read', ente.ipaCode);
    return this.payments.list(
      {
        enteCode: ente.ipaCode,
        status: args.status ?? null,
        payerFiscalCode: args.payerFiscalCode ?? null,
        dueFrom: args.dueFrom ? parseField('dueFrom', () => parseCivilDate(args.dueFrom!)) : null,
        dueTo: args.dueTo ? parseField('dueTo', () => parseCivilDate(args.dueTo!)) : null,
      },
      { first: args.first, after: args.after ?? null },
    );
  }

  find(_ctx: RequestContext, noticeNumber: string): Promise<PaymentView | undefined> {
    return this.payments.find(noticeNumber.replace(/\s+/g, ''));
  }

  /**
   * Withdraws an unpaid notice, answered from the workflow's outcome: when money raced the
   * cancellation (pagoPA reports the notice paid), the money wins and the cancellation is refused.
   */
  async cancel(ctx: RequestContext, noticeNumber: string, reason: string): Promise<void> {
    const payment = await this.find(ctx, noticeNumber);
    // Another ente's payment is "not found": its existence is not the caller's business.
    if (!payment || !can(ctx.actor, 'payments:write', payment.enteCode))
      throw new CatalogError('NOT_FOUND', `No payment with notice number ${noticeNumber}.`, 'noticeNumber');
    if (!canCancelPayment(payment.status)) {
      throw new CatalogError(
        'PAYMENT_NOT_CANCELLABLE',
        `A ${payment.status} payment cannot be cancelled.`,
        'noticeNumber',
      );
    }
    const notCancellable = (why: string) =>
      new CatalogError('PAYMENT_NOT_CANCELLABLE', `The payment cannot be cancelled: ${why}.`, 'noticeNumber');
    const client = await this.temporal.client();
    try {
      const outcome = await client.workflow
        .getHandle(paymentWorkflowId(payment.noticeNumber))
        .executeUpdate(cancelPaymentUpdate, {
          args: [{ reason, by: accountReference(ctx.actor) ?? ctx.actor.kind }],
        });
      if (outcome.outcome === 'refused') throw notCancellable(outcome.reason ?? `it is ${outcome.status}`);
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError)
        throw notCancellable(error.cause?.message ?? error.message);
      if (error instanceof WorkflowNotFoundError) throw notCancellable('its workflow has ended');
      throw error;
    }
  }

  /**
   * Applies a receipt pushed by pagoPA and answers with what it changed. The running payment
   * workflow takes it as an Update (id = receipt id); a payment whose workflow has closed gets it
   * through the late-receipt workflow (id = receipt id), so money is never dropped and never
   * counted twice. Receipts for notices we never issued, or that contradict them, write nothing.
   */
  async applyReceipt(_ctx: RequestContext, receipt: IncomingReceipt): Promise<ReceiptOutcome> {
    const option = await this.payments.findOption(receipt.noticeNumber);
    const payment = option && (await this.payments.find(option.paymentNoticeNumber));
    if (!option || !payment || payment.orgFiscalCode !== receipt.orgFiscalCode) {
      throw new CatalogError(
        'NOT_FOUND',
        `No payment with notice number ${receipt.noticeNumber} for this ente.`,
        'noticeNumber',
      );
    }
    if (receipt.amountCents !== option.amountCents) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        `The receipt pays ${receipt.amountCents} cents; notice ${option.noticeNumber} asks ${option.amountCents}.`,
        'paymentAmount',
      );
    }
    const pushed = {
      noticeNumber: option.noticeNumber,
      receiptId: receipt.receiptId,
      paymentDate: receipt.paymentDate,
      amountCents: receipt.amountCents,
      ...(receipt.pspName ? { pspName: receipt.pspName } : {}),
    };
    const client = await this.temporal.client();
    const handle = client.workflow.getHandle(paymentWorkflowId(payment.noticeNumber));
    try {
      return await handle.executeUpdate(applyReceiptUpdate, { args: [pushed], updateId: receipt.receiptId });
    } catch (error) {
      if (error instanceof WorkflowUpdateFailedError) {
        throw new CatalogError('BAD_USER_INPUT', error.cause?.message ?? error.message, 'receipt');
      }
      // A closed workflow is not "recorded": the receipt may be money for an expired or
      // cancelled notice. The late path records it, once.
      if (error instanceof WorkflowNotFoundError) {
        return this.recordLateReceipt(client, payment.noticeNumber, { ...pushed, source: 'push' });
      }
      throw error;
    }
  }

  private async recordLateReceipt(
    client: Client,
    paymentNoticeNumber: string,
    receipt: PaymentReceipt,
  ): Promise<ReceiptOutcome> {
    const workflowId = lateReceiptWorkflowId(receipt.receiptId);
    try {
      return await client.workflow.execute<LateReceiptWorkflow>(lateReceiptWorkflowType, {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        args: [{ paymentNoticeNumber, receipt }],
      });
    } catch (error) {
      // Delivered before: its workflow has the answer.
      if (error instanceof WorkflowExecutionAlreadyStartedError) {
        return client.workflow.getHandle<LateReceiptWorkflow>(workflowId).result();
      }
      throw error;
    }
  }
}
