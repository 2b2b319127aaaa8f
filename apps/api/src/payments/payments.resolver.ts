import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import type { PaymentView, RequestContext } from '@sus/catalog';
import { formatNoticeNumber, isPayableStatus, Money, type PaymentStatus } from '@sus/domain';
import { NoticeLinks } from './notice-links';
import { Ctx } from '../request-context/request-context.decorator';
import { IssuePaymentInput } from './dto/issue-payment.input';
import { Payment } from './models/payment.model';
import { PaymentsService } from './payments.service';

function toModel(view: PaymentView, links: NoticeLinks): Payment {
  const receipt = view.receipt as
    { receiptId: string; paymentDate: string; amountCents: number; pspName?: string } | undefined;
  return {
    noticeNumber: view.noticeNumber,
    formattedNoticeNumber: formatNoticeNumber(view.noticeNumber),
    iuv: view.iuv,
    orgFiscalCode: view.orgFiscalCode,
    status: view.status,
    amountCents: view.amountCents,
    amount: Money.fromCents(view.amountCents).format(),
    description: view.description,
    dueDate: view.dueDate,
    payerName: view.payerName,
    history: view.history.map((step) => ({
      status: step.status,
      at: new Date(step.at),
      detail: step.detail,
    })),
    receipt: receipt ?? null,
    noticePdfUrl: isPayableStatus(view.status as PaymentStatus) ? links.urlFor(view.noticeNumber) : null,
  };
}

@Resolver(() => Payment)
export class PaymentsResolver {
  constructor(
    private readonly payments: PaymentsService,
    private readonly links: NoticeLinks,
  ) {}

  @Query(() => Payment, { nullable: true, description: 'A payment by its notice number (spaces allowed).' })
  async payment(
    @Ctx() ctx: RequestContext,
    @Args('noticeNumber') noticeNumber: string,
  ): Promise<Payment | null> {
    const view = await this.payments.find(ctx, noticeNumber);
    return view ? toModel(view, this.links) : null;
  }

  @Mutation(() => String, {
    description:
      'Issues one avviso and returns its notice number; the payment then follows its own workflow.',
  })
  async issuePayment(@Ctx() ctx: RequestContext, @Args('input') input: IssuePaymentInput): Promise<string> {
    return (await this.payments.issue(ctx, input)).noticeNumber;
  }

  @Mutation(() => Boolean, { description: 'Withdraws an unpaid notice; it can no longer be paid.' })
  async cancelPayment(
    @Ctx() ctx: RequestContext,
    @Args('noticeNumber') noticeNumber: string,
    @Args('reason') reason: string,
  ): Promise<boolean> {
    await this.payments.cancel(ctx, noticeNumber, reason);
    return true;
  }
}
