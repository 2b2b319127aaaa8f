import { isDomainError, noticeNumberFromIuv, parseIban, parseTaxonomyCode } from '@sus/domain';
import type {
  DebtPositionStatus,
  ListQuery,
  PaymentOptionInput,
  PaymentPositionInput,
  TransferInput,
} from './debt-position.schemas';

/** Why GPD refused a request; the controller turns it into the ProblemJson of the matching status. */
export class GpdError extends Error {
  override readonly name = 'GpdError';
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
  ) {
    super(message);
  }
}

export type OptionStatus = 'PO_UNPAID' | 'PO_PAID' | 'PO_PARTIALLY_REPORTED' | 'PO_REPORTED';

export interface StoredTransfer extends Omit<TransferInput, 'transferMetadata'> {
  transferMetadata: { key: string; value: string }[];
  status: 'T_UNREPORTED' | 'T_REPORTED';
  insertedDate: Date;
  lastUpdatedDate: Date;
}

export interface OptionPayment {
  paymentDate: Date;
  paymentMethod: string;
  pspCompany: string;
  idReceipt: string;
}

export interface StoredOption {
  nav: string;
  iuv: string;
  organizationFiscalCode: string;
  amount: number;
  description: string;
  isPartialPayment: boolean;
  dueDate: Date;
  retentionDate?: Date;
  fee: number;
  notificationFee: number;
  paymentOptionMetadata: { key: string; value: string }[];
  transfer: StoredTransfer[];
  status: OptionStatus;
  insertedDate: Date;
  lastUpdatedDate: Date;
  payment?: OptionPayment;
  reportingDate?: Date;
  idFlowReporting?: string;
}

export interface StoredPosition {
  organizationFiscalCode: string;
  iupd: string;
  type: 'F' | 'G';
  payStandIn: boolean;
  fiscalCode: string;
  fullName: string;
  debtorContact: Pick<
    PaymentPositionInput,
    | 'streetName'
    | 'civicNumber'
    | 'postalCode'
    | 'city'
    | 'province'
    | 'region'
    | 'country'
    | 'email'
    | 'phone'
  >;
  switchToExpired: boolean;
  companyName: string;
  officeName?: string;
  validityDate?: Date;
  status: DebtPositionStatus;
  insertedDate: Date;
  publishDate?: Date;
  paymentDate?: Date;
  lastUpdatedDate: Date;
  paymentOption: StoredOption[];
}

/** What the store needs to know about the ente, from its onboarding. */
export interface OrganizationRules {
  registeredIbans?: readonly string[];
  applicationCode?: string;
}

/** The node-side refusals a PSP gets when verifying or activating a notice (gpd-payments mapping). */
export type NoticeFaultCode =
  | 'PAA_PAGAMENTO_SCONOSCIUTO'
  | 'PAA_PAGAMENTO_SCADUTO'
  | 'PAA_PAGAMENTO_ANNULLATO'
  | 'PAA_PAGAMENTO_DUPLICATO';

export class NoticeFault extends Error {
  override readonly name = 'NoticeFault';
  constructor(
    readonly faultCode: NoticeFaultCode,
    message: string,
  ) {
    super(message);
  }
}

/** Statuses in which the position can be changed with PUT (pagopa-io.md §3, PAGOPA-2459 for EXPIRED). */
const UPDATABLE: readonly DebtPositionStatus[] = ['DRAFT', 'PUBLISHED', 'VALID', 'EXPIRED'];
const INVALIDABLE: readonly DebtPositionStatus[] = ['PUBLISHED', 'VALID'];
const DELETABLE: readonly DebtPositionStatus[] = ['DRAFT', 'PUBLISHED', 'VALID', 'INVALID', 'EXPIRED'];

const DAY_MS = 86_400_000;

/**
 * The debt positions of every ente, in memory, with GPD v1's lifecycle:
 * DRAFT → PUBLISHED → VALID (at validityDate) → PARTIALLY_PAID → PAID → REPORTED, and
 * PUBLISHED/VALID → INVALID (invalidate), VALID → EXPIRED (after the due date, with switchToExpired).
 * Time-driven moves that GPD makes with a scheduler happen here whenever a position is read.
 */
export class DebtPositionStore {
  private readonly positions = new Map<string, StoredPosition>();
  /** `<ente>/<iuv>` and `<ente>/<nav>` → `<ente>/<iupd>`. */
  private readonly byIuv = new Map<string, string>();
  private readonly byNav = new Map<string, string>();

  constructor(private readonly now: () => Date) {}

  create(
    organizationFiscalCode: string,
    input: PaymentPositionInput,
    toPublish: boolean,
    rules: OrganizationRules,
  ): StoredPosition {
    const key = `${organizationFiscalCode}/${input.iupd}`;
    if (this.positions.has(key)) {
      throw new GpdError(
        409,
        `Debt position with IUPD ${input.iupd} already exists for ${organizationFiscalCode}.`,
      );
    }
    const now = this.now();
    const position = this.build(organizationFiscalCode, input, rules, now, now);
    this.assertIuvsFree(position, undefined);
    if (toPublish) this.publishNow(position, now);
    this.save(position);
    return position;
  }

  update(
    organizationFiscalCode: string,
    iupd: string,
    input: PaymentPositionInput,
    toPublish: boolean,
    rules: OrganizationRules,
  ): StoredPosition {
    const current = this.require(organizationFiscalCode, iupd);
    if (input.iupd !== iupd) {
      throw new GpdError(
        400,
        `The IUPD in the body (${input.iupd}) differs from the one in the path (${iupd}).`,
      );
    }
    if (!UPDATABLE.includes(current.status)) {
      throw new GpdError(409, `Debt position ${iupd} is ${current.status} and can no longer be updated.`);
    }
    const now = this.now();
    const position = this.build(organizationFiscalCode, input, rules, now, current.insertedDate);
    this.assertIuvsFree(position, current);
    if (toPublish) this.publishNow(position, now);
    this.unindex(current);
    this.save(position);
    return position;
  }

  get(organizationFiscalCode: string, iupd: string): StoredPosition {
    return this.require(organizationFiscalCode, iupd);
  }

  delete(organizationFiscalCode: string, iupd: string): void {
    const position = this.require(organizationFiscalCode, iupd);
    if (!DELETABLE.includes(position.status)) {
      throw new GpdError(409, `Debt position ${iupd} is ${position.status}: a related payment exists.`);
    }
    this.unindex(position);
    this.positions.delete(`${organizationFiscalCode}/${iupd}`);
  }

  publish(organizationFiscalCode: string, iupd: string): StoredPosition {
    const position = this.require(organizationFiscalCode, iupd);
    if (position.status !== 'DRAFT') {
      throw new GpdError(409, `Debt position ${iupd} is ${position.status}, not in a publishable state.`);
    }
    const now = this.now();
    if (position.validityDate !== undefined && position.validityDate.getTime() < now.getTime()) {
      throw new GpdError(
        409,
        `Debt position ${iupd} has a validity date in the past and cannot be published.`,
      );
    }
    this.publishNow(position, now);
    return position;
  }

  invalidate(organizationFiscalCode: string, iupd: string): StoredPosition {
    const position = this.require(organizationFiscalCode, iupd);
    if (!INVALIDABLE.includes(position.status)) {
      throw new GpdError(409, `Debt position ${iupd} is ${position.status}, not in an invalidable state.`);
    }
    position.status = 'INVALID';
    position.lastUpdatedDate = this.now();
    return position;
  }

  list(organizationFiscalCode: string, query: ListQuery): { items: StoredPosition[]; totalPages: number } {
    const dueRange = dateRange(query.due_date_from, query.due_date_to);
    const paymentRange = dateRange(query.payment_date_from, query.payment_date_to);
    if (dueRange !== undefined && paymentRange !== undefined) {
      throw new GpdError(
        400,
        'The due dates interval is mutually exclusive with the payment dates interval.',
      );
    }
    const matching = [...this.positions.values()]
      .filter((position) => position.organizationFiscalCode === organizationFiscalCode)
      .map((position) => this.refresh(position))
      .filter((position) => query.status === undefined || position.status === query.status)
      .filter(
        (position) =>
          dueRange === undefined ||
          position.paymentOption.some((option) => inRange(option.dueDate, dueRange)),
      )
      .filter(
        (position) =>
          paymentRange === undefined ||
          (position.paymentDate !== undefined && inRange(position.paymentDate, paymentRange)),
      );
    const sortKey = (position: StoredPosition): string | number => {
      switch (query.orderby) {
        case 'IUPD':
          return position.iupd;
        case 'STATUS':
          return position.status;
        case 'COMPANY_NAME':
          return position.companyName;
        case 'INSERTED_DATE':
          return position.insertedDate.getTime();
      }
    };
    const direction = query.ordering === 'ASC' ? 1 : -1;
    matching.sort((a, b) => {
      const ka = sortKey(a);
      const kb = sortKey(b);
      return (ka < kb ? -1 : ka > kb ? 1 : 0) * direction;
    });
    const totalPages = Math.ceil(matching.length / query.limit);
    const items = matching.slice(query.page * query.limit, (query.page + 1) * query.limit);
    return { items, totalPages };
  }

  /** The option a notice number designates, if the ente has it; refreshed first. */
  findByNoticeNumber(
    organizationFiscalCode: string,
    nav: string,
  ): { position: StoredPosition; option: StoredOption } | undefined {
    const key = this.byNav.get(`${organizationFiscalCode}/${nav}`);
    const position = key === undefined ? undefined : this.positions.get(key);
    if (position === undefined) return undefined;
    this.refresh(position);
    const option = position.paymentOption.find((candidate) => candidate.nav === nav);
    return option === undefined ? undefined : { position, option };
  }

  findByIuv(
    organizationFiscalCode: string,
    iuv: string,
  ): { position: StoredPosition; option: StoredOption } | undefined {
    const key = this.byIuv.get(`${organizationFiscalCode}/${iuv}`);
    const position = key === undefined ? undefined : this.positions.get(key);
    const option = position?.paymentOption.find((candidate) => candidate.iuv === iuv);
    return position === undefined || option === undefined ? undefined : { position, option };
  }

  /**
   * paVerifyPaymentNotice / paGetPayment: may this notice be paid now? Throws NoticeFault with
   * the PAA_ code the node would return (gpd-payments' mapping of position statuses).
   */
  checkPayable(
    organizationFiscalCode: string,
    nav: string,
  ): { position: StoredPosition; option: StoredOption } {
    const found = this.findByNoticeNumber(organizationFiscalCode, nav);
    if (found === undefined) {
      throw new NoticeFault(
        'PAA_PAGAMENTO_SCONOSCIUTO',
        `Notice ${nav} is unknown to ente ${organizationFiscalCode}.`,
      );
    }
    const { position, option } = found;
    switch (position.status) {
      case 'DRAFT':
      case 'PUBLISHED':
        throw new NoticeFault(
          'PAA_PAGAMENTO_SCONOSCIUTO',
          `Notice ${nav} is not payable yet (${position.status}).`,
        );
      case 'EXPIRED':
        throw new NoticeFault('PAA_PAGAMENTO_SCADUTO', `Notice ${nav} expired.`);
      case 'INVALID':
        throw new NoticeFault('PAA_PAGAMENTO_ANNULLATO', `Notice ${nav} was cancelled by the ente.`);
      case 'PAID':
      case 'REPORTED':
        throw new NoticeFault('PAA_PAGAMENTO_DUPLICATO', `Notice ${nav} is already paid.`);
      case 'VALID':
      case 'PARTIALLY_PAID':
        break;
    }
    if (option.status !== 'PO_UNPAID') {
      throw new NoticeFault('PAA_PAGAMENTO_DUPLICATO', `Notice ${nav} is already paid.`);
    }
    if (!option.isPartialPayment && position.status === 'PARTIALLY_PAID') {
      throw new NoticeFault(
        'PAA_PAGAMENTO_DUPLICATO',
        `Notice ${nav} is the single payment of a plan whose instalments are being paid.`,
      );
    }
    return found;
  }

  /** paSendRT: records the payment of one option and moves the position on. */
  markPaid(organizationFiscalCode: string, nav: string, payment: OptionPayment): StoredPosition {
    const { position, option } = this.checkPayable(organizationFiscalCode, nav);
    option.status = 'PO_PAID';
    option.payment = payment;
    option.lastUpdatedDate = payment.paymentDate;
    const instalments = position.paymentOption.filter((candidate) => candidate.isPartialPayment);
    const complete =
      !option.isPartialPayment || instalments.every((candidate) => candidate.status !== 'PO_UNPAID');
    position.status = complete ? 'PAID' : 'PARTIALLY_PAID';
    if (complete) position.paymentDate = payment.paymentDate;
    position.lastUpdatedDate = payment.paymentDate;
    return position;
  }

  /** A settlement flow named this option's transfer: transfer T_REPORTED, option and position follow. */
  markReported(organizationFiscalCode: string, iuv: string, idTransfer: string, flowId: string): void {
    const found = this.findByIuv(organizationFiscalCode, iuv);
    if (found === undefined) return;
    const { position, option } = found;
    const now = this.now();
    const transfer = option.transfer.find((candidate) => candidate.idTransfer === idTransfer);
    if (transfer === undefined || transfer.status === 'T_REPORTED') return;
    transfer.status = 'T_REPORTED';
    transfer.lastUpdatedDate = now;
    const allReported = option.transfer.every((candidate) => candidate.status === 'T_REPORTED');
    option.status = allReported ? 'PO_REPORTED' : 'PO_PARTIALLY_REPORTED';
    option.idFlowReporting = flowId;
    option.reportingDate = now;
    option.lastUpdatedDate = now;
    const paidOptions = position.paymentOption.filter((candidate) => candidate.payment !== undefined);
    if (position.status === 'PAID' && paidOptions.every((candidate) => candidate.status === 'PO_REPORTED')) {
      position.status = 'REPORTED';
      position.lastUpdatedDate = now;
    }
  }

  clear(): void {
    this.positions.clear();
    this.byIuv.clear();
    this.byNav.clear();
  }

  /** Every position as stored (the state file keeps Dates as Dates). */
  exportPositions(): StoredPosition[] {
    return [...this.positions.values()];
  }

  /** Replaces every position and rebuilds the IUV and notice-number indexes. */
  importPositions(positions: readonly StoredPosition[]): void {
    this.clear();
    for (const position of positions) this.save(position);
  }

  /** GPD's schedulers: PUBLISHED → VALID at the validity date, VALID → EXPIRED after the due date. */
  private refresh(position: StoredPosition): StoredPosition {
    const now = this.now();
    if (position.status === 'PUBLISHED' && (position.validityDate?.getTime() ?? 0) <= now.getTime()) {
      position.status = 'VALID';
      position.lastUpdatedDate = now;
    }
    if (position.status === 'VALID' && position.switchToExpired) {
      const lastDue = Math.max(...position.paymentOption.map((option) => option.dueDate.getTime()));
      if (lastDue < now.getTime()) {
        position.status = 'EXPIRED';
        position.lastUpdatedDate = now;
      }
    }
    return position;
  }

  private require(organizationFiscalCode: string, iupd: string): StoredPosition {
    const position = this.positions.get(`${organizationFiscalCode}/${iupd}`);
    if (position === undefined) {
      throw new GpdError(404, `No debt position found with IUPD ${iupd} for ${organizationFiscalCode}.`);
    }
    return this.refresh(position);
  }

  private publishNow(position: StoredPosition, now: Date): void {
    position.publishDate = now;
    position.lastUpdatedDate = now;
    position.status =
      position.validityDate === undefined || position.validityDate.getTime() <= now.getTime()
        ? 'VALID'
        : 'PUBLISHED';
  }

  private assertIuvsFree(position: StoredPosition, replacing: StoredPosition | undefined): void {
    const own = `${position.organizationFiscalCode}/${position.iupd}`;
    for (const option of position.paymentOption) {
      const holder = this.byIuv.get(`${position.organizationFiscalCode}/${option.iuv}`);
      if (holder !== undefined && (replacing === undefined || holder !== own)) {
        throw new GpdError(409, `IUV ${option.iuv} is already used by another debt position of this ente.`);
      }
    }
  }

  private save(position: StoredPosition): void {
    const key = `${position.organizationFiscalCode}/${position.iupd}`;
    this.positions.set(key, position);
    for (const option of position.paymentOption) {
      this.byIuv.set(`${position.organizationFiscalCode}/${option.iuv}`, key);
      this.byNav.set(`${position.organizationFiscalCode}/${option.nav}`, key);
    }
  }

  private unindex(position: StoredPosition): void {
    for (const option of position.paymentOption) {
      this.byIuv.delete(`${position.organizationFiscalCode}/${option.iuv}`);
      this.byNav.delete(`${position.organizationFiscalCode}/${option.nav}`);
    }
  }

  /** Create-time checks of GPD (SANP "Operazioni disponibili") and the stored shape. */
  private build(
    organizationFiscalCode: string,
    input: PaymentPositionInput,
    rules: OrganizationRules,
    now: Date,
    insertedDate: Date,
  ): StoredPosition {
    const options = input.paymentOption ?? [];
    if (options.length === 0) throw new GpdError(400, 'A debt position needs at least one payment option.');
    const validityDate = input.validityDate ? new Date(input.validityDate) : undefined;
    if (validityDate !== undefined && validityDate.getTime() < now.getTime()) {
      throw new GpdError(400, 'validityDate must not be in the past.');
    }
    const iuvs = new Set<string>();
    const paymentOption = options.map((option, index) => {
      if (iuvs.has(option.iuv))
        throw new GpdError(400, `paymentOption[${index}]: IUV ${option.iuv} is repeated.`);
      iuvs.add(option.iuv);
      return this.buildOption(organizationFiscalCode, option, index, rules, now, validityDate);
    });
    if (paymentOption.filter((option) => !option.isPartialPayment).length > 1) {
      throw new GpdError(400, 'A debt position may have at most one single (non-partial) payment option.');
    }
    return {
      organizationFiscalCode,
      iupd: input.iupd,
      type: input.type,
      payStandIn: input.payStandIn ?? true,
      fiscalCode: input.fiscalCode,
      fullName: input.fullName,
      debtorContact: {
        streetName: input.streetName,
        civicNumber: input.civicNumber,
        postalCode: input.postalCode,
        city: input.city,
        province: input.province,
        region: input.region,
        country: input.country,
        email: input.email,
        phone: input.phone,
      },
      switchToExpired: input.switchToExpired,
      companyName: input.companyName,
      officeName: input.officeName,
      validityDate,
      status: 'DRAFT',
      insertedDate,
      lastUpdatedDate: now,
      paymentOption,
    };
  }

  private buildOption(
    organizationFiscalCode: string,
    option: PaymentOptionInput,
    index: number,
    rules: OrganizationRules,
    now: Date,
    validityDate: Date | undefined,
  ): StoredOption {
    const where = `paymentOption[${index}]`;
    let nav: string;
    try {
      nav = noticeNumberFromIuv(option.iuv, option.iuv.length === 15 ? rules.applicationCode : undefined);
    } catch (error) {
      throw new GpdError(400, `${where}.iuv: ${isDomainError(error) ? error.message : 'not a valid IUV'}`);
    }
    const dueDate = new Date(option.dueDate);
    if (dueDate.getTime() < (validityDate ?? now).getTime()) {
      throw new GpdError(400, `${where}.dueDate must be after the validity date (or now).`);
    }
    const transfers = option.transfer ?? [];
    if (transfers.length === 0 || transfers.length > 5) {
      throw new GpdError(400, `${where}: a payment option needs 1 to 5 transfers.`);
    }
    const ids = new Set(transfers.map((transfer) => transfer.idTransfer));
    if (ids.size !== transfers.length)
      throw new GpdError(400, `${where}: idTransfer values must be distinct.`);
    const sum = transfers.reduce((total, transfer) => total + transfer.amount, 0);
    if (sum !== option.amount) {
      throw new GpdError(
        400,
        `${where}: the transfers add up to ${sum} cents but the option amount is ${option.amount} cents.`,
      );
    }
    return {
      nav,
      iuv: option.iuv,
      organizationFiscalCode,
      amount: option.amount,
      description: option.description,
      isPartialPayment: option.isPartialPayment,
      dueDate,
      retentionDate: option.retentionDate ? new Date(option.retentionDate) : undefined,
      fee: option.fee ?? 0,
      notificationFee: 0,
      paymentOptionMetadata: option.paymentOptionMetadata ?? [],
      transfer: transfers.map((transfer, t) =>
        this.buildTransfer(transfer, `${where}.transfer[${t}]`, rules, now),
      ),
      status: 'PO_UNPAID',
      insertedDate: now,
      lastUpdatedDate: now,
    };
  }

  private buildTransfer(
    transfer: TransferInput,
    where: string,
    rules: OrganizationRules,
    now: Date,
  ): StoredTransfer {
    try {
      parseTaxonomyCode(transfer.category);
    } catch (error) {
      throw new GpdError(
        400,
        `${where}.category: ${isDomainError(error) ? error.message : 'invalid taxonomy'}`,
      );
    }
    const hasAccount = transfer.iban !== undefined || (transfer.postalIban ?? '') !== '';
    if (transfer.stamp !== undefined && hasAccount) {
      throw new GpdError(400, `${where}: stamp is mutually exclusive with iban and postalIban.`);
    }
    if (transfer.stamp === undefined && transfer.iban === undefined && (transfer.postalIban ?? '') === '') {
      throw new GpdError(400, `${where}: an iban, a postalIban or a stamp is required.`);
    }
    for (const field of ['iban', 'postalIban'] as const) {
      const value = transfer[field];
      if (value === undefined || value === '') continue;
      let iban: string;
      try {
        iban = parseIban(value);
      } catch (error) {
        throw new GpdError(
          400,
          `${where}.${field}: ${isDomainError(error) ? error.message : 'invalid IBAN'}`,
        );
      }
      if (rules.registeredIbans !== undefined && !rules.registeredIbans.includes(iban)) {
        throw new GpdError(400, `${where}.${field}: IBAN ${iban} is not registered on pagoPA for this ente.`);
      }
    }
    return {
      ...transfer,
      transferMetadata: transfer.transferMetadata ?? [],
      status: 'T_UNREPORTED',
      insertedDate: now,
      lastUpdatedDate: now,
    };
  }
}

interface DateRange {
  from: number;
  to: number;
}

/** GPD: a missing bound is set 30 days from the other one; dates are whole days. */
function dateRange(from: string | undefined, to: string | undefined): DateRange | undefined {
  if (from === undefined && to === undefined) return undefined;
  const fromMs =
    from !== undefined ? Date.parse(`${from}T00:00:00Z`) : Date.parse(`${to}T00:00:00Z`) - 30 * DAY_MS;
  const toMs = to !== undefined ? Date.parse(`${to}T00:00:00Z`) : fromMs + 30 * DAY_MS;
  return { from: fromMs, to: toMs + DAY_MS - 1 };
}

function inRange(date: Date, range: DateRange): boolean {
  return date.getTime() >= range.from && date.getTime() <= range.to;
}
