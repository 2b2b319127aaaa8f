import { createHash } from 'node:crypto';
import { anonymous } from '../access/access-rules';
import { Allow } from '../access/allow.decorator';
import { Inject } from '@nestjs/common';
import { Args, Field, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { CatalogError, ServicesService, type RequestContext, type Service as ServiceRow } from '@sus/catalog';
import { addDays, civilDateInRome, formatNoticeNumber, Money } from '@sus/domain';
import { awaitPayableUpdate, paymentWorkflowId } from '@sus/contracts';
import { ApiSettings } from '../config';
import { Ctx } from '../request-context/request-context';
import { Service } from '../services/models/service.model';
import { TemporalGateway } from '../temporal/temporal.module';
import { CheckoutClient } from './checkout.client';
import { CreateVoluntaryPaymentInput, VoluntaryPaymentMode } from './dto/create-voluntary-payment.input';
import { PaymentOnDue } from './dto/issue-payment.input';
import { NoticeLinks } from './notice-links';
import { PaymentsService } from './payments.service';

/** How long a pay-later avviso stays payable. */
const PAY_LATER_DAYS = 30;

@ObjectType({ description: 'A voluntary payment just created: where to pay it.' })
export class VoluntaryPayment {
  @Field()
  noticeNumber!: string;

  @Field()
  formattedNoticeNumber!: string;

  @Field()
  amount!: string;

  @Field({ description: 'YYYY-MM-DD.' })
  dueDate!: string;

  @Field(() => String, {
    nullable: true,
    description: "payNow: send the citizen's browser here (pagoPA Checkout).",
  })
  checkoutUrl!: string | null;

  @Field({
    description: 'The avviso PDF, to pay later on line or at a physical point (tabaccheria, bank, post).',
  })
  noticePdfUrl!: string;
}

/** The regional "Portale pagamenti volontari": services open to spontaneous payments, pay now or later. */
@Resolver(() => VoluntaryPayment)
export class VoluntaryPaymentsResolver {
  constructor(
    private readonly serviceCatalog: ServicesService,
    private readonly payments: PaymentsService,
    private readonly checkout: CheckoutClient,
    private readonly links: NoticeLinks,
    private readonly temporal: TemporalGateway,
    @Inject(ApiSettings) private readonly settings: ApiSettings,
  ) {}

  @Allow(anonymous)
  @Query(() => [Service], {
    description: "The ente's services that accept voluntary payments through pagoPA.",
  })
  async voluntaryServices(
    @Ctx() ctx: RequestContext,
    @Args('enteCode') enteCode: string,
  ): Promise<ServiceRow[]> {
    const page = await this.serviceCatalog.list(ctx, enteCode, { voluntary: true }, { first: 100 });
    return page.items.map((item) => item.node).filter((service) => service.pagopaActive);
  }

  @Allow(anonymous)
  @Mutation(() => VoluntaryPayment, {
    description: 'Starts a voluntary payment: pay now (Checkout URL) or later (avviso PDF).',
  })
  async createVoluntaryPayment(
    @Ctx() ctx: RequestContext,
    @Args('input') input: CreateVoluntaryPaymentInput,
  ): Promise<VoluntaryPayment> {
    const service = await this.serviceCatalog.findByCode(ctx, input.enteCode, input.serviceCode);
    if (!service) {
      throw new CatalogError(
        'NOT_FOUND',
        `No service ${input.serviceCode} at ${input.enteCode}.`,
        'serviceCode',
      );
    }
    if (!service.voluntary || !service.pagopaActive || service.taxonomyCodes.length === 0) {
      throw new CatalogError(
        'VOLUNTARY_NOT_ALLOWED',
        `${service.name} does not accept voluntary payments through pagoPA.`,
        'serviceCode',
      );
    }
    // A service with one fee has a fixed amount; otherwise the citizen says how much.
    const fixed = service.fees.length === 1 ? service.fees[0]!.amountCents : undefined;
    const amountCents = fixed ?? input.amountCents;
    if (amountCents === undefined) {
      throw new CatalogError('BAD_USER_INPUT', `${service.name} needs the amount to pay.`, 'amountCents');
    }
    if (fixed !== undefined && input.amountCents !== undefined && input.amountCents !== fixed) {
      throw new CatalogError(
        'BAD_USER_INPUT',
        `${service.name} costs ${Money.fromCents(fixed).format()}.`,
        'amountCents',
      );
    }
    const dueDate = addDays(civilDateInRome(new Date()), PAY_LATER_DAYS);
    const { noticeNumber } = await this.payments.issue(
      ctx,
      {
        enteCode: input.enteCode,
        payer: input.payer,
        amountCents,
        description: `${service.name}: ${input.causale}`.slice(0, 140),
        dueDate,
        taxonomyCode: service.taxonomyCodes[0]!,
        serviceCode: input.serviceCode,
        onDue: PaymentOnDue.invalidate,
        ...(input.requestId ? { requestId: voluntaryRequestKey(ctx, input, amountCents) } : {}),
      },
      { voluntaryPortal: true },
    );
    let checkoutUrl: string | null = null;
    if (input.mode === VoluntaryPaymentMode.payNow) {
      await this.untilPayable(noticeNumber);
      const payment = (await this.payments.find(ctx, noticeNumber))!;
      const portal = this.settings.values.PORTAL_PUBLIC_URL.replace(/\/$/, '');
      const back = (outcome: string) =>
        `${portal}/pagamenti-volontari/${input.enteCode}/esito/${outcome}?avviso=${noticeNumber}`;
      checkoutUrl = await this.checkout.createCart(
        [
          {
            noticeNumber,
            fiscalCode: payment.orgFiscalCode,
            amount: amountCents,
            companyName: service.name.slice(0, 140),
            description: payment.description,
          },
        ],
        { ok: back('ok'), cancel: back('annullato'), error: back('errore') },
      );
    }
    return {
      noticeNumber,
      formattedNoticeNumber: formatNoticeNumber(noticeNumber),
      amount: Money.fromCents(amountCents).format(),
      dueDate,
      checkoutUrl,
      noticePdfUrl: this.links.urlFor(noticeNumber),
    };
  }

  /**
   * Checkout can only take a notice the intermediary already knows: the workflow answers an
   * Update the moment the notice is published (or has ended otherwise).
   */
  private async untilPayable(noticeNumber: string): Promise<void> {
    const client = await this.temporal.client();
    const handle = client.workflow.getHandle(paymentWorkflowId(noticeNumber));
    let timer: NodeJS.Timeout | undefined;
    const status = await Promise.race([
      handle.executeUpdate(awaitPayableUpdate).catch(() => undefined),
      new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), 20_000))),
    ]).finally(() => clearTimeout(timer));
    if (status === 'published') return;
    throw new CatalogError(
      'CHECKOUT_UNAVAILABLE',
      'pagoPA has not confirmed the notice yet; try again in a moment or pay later with the avviso.',
    );
  }
}

/**
 * The idempotency key of a voluntary payment binds the caller's key to who asks and what is asked:
 * anonymous callers all share one namespace, so a request id alone would let anyone replay another
 * payer's key and get their notice back. The same request repeated is still the same notice.
 */
function voluntaryRequestKey(
  ctx: RequestContext,
  input: CreateVoluntaryPaymentInput,
  amountCents: number,
): string {
  const caller = ctx.actor.kind === 'citizen' ? `citizen:${ctx.actor.fiscalCode}` : ctx.actor.kind;
  const request = createHash('sha256')
    .update(
      JSON.stringify([
        caller,
        input.serviceCode,
        input.payer.type,
        input.payer.fiscalCode.trim().toUpperCase(),
        input.payer.fullName,
        amountCents,
        input.causale,
      ]),
    )
    .digest('base64url');
  return `voluntary/${request}/${input.requestId}`;
}
