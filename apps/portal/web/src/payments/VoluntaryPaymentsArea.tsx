import { useMemo, useState, type FormEvent } from 'react';
import { Alert, Button, Card, CardBody, CardText, CardTitle, Icon } from 'design-react-kit';
import { graphql } from '../gql';
import type { PayerType, VoluntaryPaymentMode } from '../gql/graphql';
import { MUNICIPALITIES } from '../HomePage';
import { Breadcrumbs, usePageTitle } from '../layout/Layout';
import { ApiError, request } from '../shell/api';
import { ErrorMessage, Loading } from '../shell/feedback';
import { useI18n } from '../shell/i18n';
import { Link, match, navigate, useLocation } from '../shell/router';
import { useQuery } from '../shell/use-query';
import { NotFound } from '../App';

const BASE = '/pagamenti-volontari';

const VOLUNTARY_SERVICES = graphql(`
  query PortalVoluntaryServices($enteCode: String!) {
    ente(code: $enteCode) {
      ipaCode
      name
    }
    voluntaryServices(enteCode: $enteCode) {
      code
      name
      description
      fees {
        description
        amountCents
      }
      taxonomy {
        code
        serviceTypeName
      }
    }
  }
`);

const CREATE_VOLUNTARY_PAYMENT = graphql(`
  mutation PortalCreateVoluntaryPayment($input: CreateVoluntaryPaymentInput!) {
    createVoluntaryPayment(input: $input) {
      noticeNumber
      formattedNoticeNumber
      amount
      dueDate
      checkoutUrl
      noticePdfUrl
    }
  }
`);

/**
 * The regional "Portale pagamenti volontari": choose the ente and the service (or arrive with
 * either pinned by the link), say who pays, how much and why, then pay now on pagoPA Checkout or
 * download the avviso to pay later. Checkout sends the browser back to the outcome pages.
 */
export default function VoluntaryPaymentsArea() {
  const { path, query } = useLocation();
  if (path === BASE) return <ChooseEnte />;
  let params = match(`${BASE}/:ente`, path);
  if (params) return <ChooseService enteCode={params.ente!} />;
  params = match(`${BASE}/:ente/servizio/:service`, path);
  if (params) return <PaymentForm enteCode={params.ente!} serviceCode={params.service!} />;
  params = match(`${BASE}/:ente/esito/:outcome`, path);
  if (params)
    return <Outcome enteCode={params.ente!} outcome={params.outcome!} noticeNumber={query.get('avviso')} />;
  return <NotFound />;
}

function ChooseEnte() {
  const { t } = useI18n();
  usePageTitle(t('payments.title'));
  const enti = useQuery(MUNICIPALITIES, {});
  return (
    <>
      <Breadcrumbs items={[{ label: t('layout.home'), href: '/' }, { label: t('payments.title') }]} />
      <h1>{t('payments.title')}</h1>
      <p className="lead">{t('payments.lead')}</p>
      <h2 className="h4 mt-4">{t('payments.chooseEnte')}</h2>
      {enti.status === 'loading' && <Loading />}
      {enti.status === 'error' && <ErrorMessage error={enti.error} />}
      {enti.status === 'done' && (
        <ul className="list-group">
          {enti.data.enti.edges.map(({ node }) => (
            <li className="list-group-item" key={node.ipaCode}>
              <Link href={`${BASE}/${node.ipaCode}`}>{node.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ChooseService({ enteCode }: { enteCode: string }) {
  const { t, formatCents } = useI18n();
  const services = useQuery(VOLUNTARY_SERVICES, { enteCode });
  const enteName = services.status === 'done' ? services.data.ente?.name : undefined;
  usePageTitle(enteName ? `${t('payments.title')} - ${enteName}` : t('payments.title'));
  if (services.status === 'loading') return <Loading />;
  if (services.status === 'error') return <ErrorMessage error={services.error} />;
  if (!services.data.ente) return <NotFound />;
  const { ente, voluntaryServices } = services.data;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('layout.home'), href: '/' },
          { label: t('payments.title'), href: BASE },
          { label: ente.name },
        ]}
      />
      <h1>{t('payments.titleOf', { ente: ente.name })}</h1>
      <p className="lead">{t('payments.chooseService')}</p>
      {voluntaryServices.length === 0 && <Alert color="info">{t('payments.noServices')}</Alert>}
      <div className="row">
        {voluntaryServices.map((service) => (
          <div className="col-12 col-lg-6 mb-4" key={service.code}>
            <Card className="card-bg" rounded shadow="sm" fullHeight>
              <CardBody>
                <CardTitle tag="h2" className="h5">
                  {service.name}
                </CardTitle>
                <CardText>{service.description}</CardText>
                {service.fees.length === 1 && (
                  <p className="fw-semibold">
                    {t('payments.fixedAmount', { amount: formatCents(service.fees[0]!.amountCents) })}
                  </p>
                )}
                <Link className="btn btn-primary" href={`${BASE}/${ente.ipaCode}/servizio/${service.code}`}>
                  {t('payments.payFor', { service: service.name })}
                </Link>
              </CardBody>
            </Card>
          </div>
        ))}
      </div>
    </>
  );
}

interface FormValues {
  payerType: PayerType;
  fiscalCode: string;
  fullName: string;
  email: string;
  amount: string;
  causale: string;
}

type FieldErrors = Partial<Record<keyof FormValues, string>>;

const FISCAL_CODE = { F: /^[A-Z0-9]{16}$/, G: /^\d{11}$/ } as const;

/** Euro as people type them ("25", "25,50", "25.50") to cents; undefined when not an amount. */
export function parseEuro(text: string): number | undefined {
  const cleaned = text.trim().replace(/\s|€/g, '');
  if (!/^\d{1,7}([.,]\d{1,2})?$/.test(cleaned)) return undefined;
  const [whole, fraction = ''] = cleaned.split(/[.,]/);
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
}

function PaymentForm({ enteCode, serviceCode }: { enteCode: string; serviceCode: string }) {
  const { t, formatCents, formatDate } = useI18n();
  const services = useQuery(VOLUNTARY_SERVICES, { enteCode });
  const [step, setStep] = useState<'data' | 'summary' | 'done'>('data');
  const [values, setValues] = useState<FormValues>({
    payerType: 'F',
    fiscalCode: '',
    fullName: '',
    email: '',
    amount: '',
    causale: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<ApiError>();
  const [busy, setBusy] = useState<VoluntaryPaymentMode>();
  const [created, setCreated] = useState<{
    formattedNoticeNumber: string;
    amount: string;
    dueDate: string;
    noticePdfUrl: string;
  }>();
  // One id per filled-in form: pressing the button twice (or retrying after a timeout) makes one notice.
  const requestId = useMemo(() => crypto.randomUUID(), []);

  const service =
    services.status === 'done'
      ? services.data.voluntaryServices.find((item) => item.code === serviceCode)
      : undefined;
  usePageTitle(service ? `${t('payments.title')} - ${service.name}` : t('payments.title'));
  if (services.status === 'loading') return <Loading />;
  if (services.status === 'error') return <ErrorMessage error={services.error} />;
  const ente = services.data.ente;
  if (!ente || !service) return <NotFound />;
  const fixedCents = service.fees.length === 1 ? service.fees[0]!.amountCents : undefined;

  const set = (name: keyof FormValues) => (value: string) => {
    setValues((current) => ({ ...current, [name]: value }));
    setErrors((current) => ({ ...current, [name]: undefined }));
  };

  const validate = (): FieldErrors => {
    const found: FieldErrors = {};
    const fiscalCode = values.fiscalCode.trim().toUpperCase();
    if (!FISCAL_CODE[values.payerType].test(fiscalCode))
      found.fiscalCode = t(
        values.payerType === 'F' ? 'payments.error.fiscalCodeF' : 'payments.error.fiscalCodeG',
      );
    if (values.fullName.trim().length < 2) found.fullName = t('payments.error.fullName');
    if (values.email.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email.trim()))
      found.email = t('payments.error.email');
    if (fixedCents === undefined) {
      const cents = parseEuro(values.amount);
      if (cents === undefined || cents < 1) found.amount = t('payments.error.amount');
    }
    if (!values.causale.trim()) found.causale = t('payments.error.causale');
    return found;
  };

  const toSummary = (event: FormEvent) => {
    event.preventDefault();
    const found = validate();
    setErrors(found);
    const first = Object.keys(found)[0];
    if (first) {
      document.getElementById(`field-${first}`)?.focus();
      return;
    }
    setFailure(undefined);
    setStep('summary');
    window.scrollTo(0, 0);
  };

  const amountCents = fixedCents ?? parseEuro(values.amount) ?? 0;

  const submit = async (mode: VoluntaryPaymentMode) => {
    setBusy(mode);
    setFailure(undefined);
    try {
      const { createVoluntaryPayment: payment } = await request(CREATE_VOLUNTARY_PAYMENT, {
        input: {
          enteCode: ente.ipaCode,
          serviceCode: service.code,
          mode,
          requestId: `${requestId}-${mode}`,
          causale: values.causale.trim(),
          ...(fixedCents === undefined ? { amountCents } : {}),
          payer: {
            type: values.payerType,
            fiscalCode: values.fiscalCode.trim().toUpperCase(),
            fullName: values.fullName.trim(),
            ...(values.email.trim() ? { email: values.email.trim() } : {}),
          },
        },
      });
      if (mode === 'payNow' && payment.checkoutUrl) {
        window.location.assign(payment.checkoutUrl);
        return;
      }
      setCreated(payment);
      setStep('done');
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(String(error), 'ERROR');
      const field = apiError.field?.split('.').pop();
      const formField = field === 'amountCents' ? 'amount' : field;
      if (formField && formField in values) {
        setErrors({ [formField]: apiError.message });
        setStep('data');
      }
      setFailure(apiError);
    } finally {
      setBusy(undefined);
    }
  };

  const stepNames = [t('payments.step.data'), t('payments.step.summary'), t('payments.step.payment')];
  const stepIndex = step === 'data' ? 0 : step === 'summary' ? 1 : 2;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('layout.home'), href: '/' },
          { label: t('payments.title'), href: BASE },
          { label: ente.name, href: `${BASE}/${ente.ipaCode}` },
          { label: service.name },
        ]}
      />
      <h1>{service.name}</h1>
      <p className="text-secondary">{ente.name}</p>
      <ol className="steppers-header list-unstyled d-flex gap-4 my-4 p-0" aria-label={t('payments.steps')}>
        {stepNames.map((name, index) => (
          <li
            key={name}
            className={index === stepIndex ? 'active fw-bold' : index < stepIndex ? 'confirmed' : ''}
            aria-current={index === stepIndex ? 'step' : undefined}
          >
            <span className="steppers-number me-1">{index + 1}.</span>
            {name}
          </li>
        ))}
      </ol>
      {failure && !Object.values(errors).some(Boolean) && <ErrorMessage error={failure} />}

      {step === 'data' && (
        <form noValidate onSubmit={toSummary} aria-labelledby="payment-data-title">
          <h2 id="payment-data-title" className="h4">
            {t('payments.step.data')}
          </h2>
          <p>{t('payments.requiredNote')}</p>
          <fieldset className="mb-4">
            <legend className="h6 fw-semibold">{t('payments.payerType')}</legend>
            {(['F', 'G'] as const).map((type) => (
              <div className="form-check form-check-inline" key={type}>
                <input
                  className="form-check-input"
                  type="radio"
                  name="payerType"
                  id={`payer-${type}`}
                  checked={values.payerType === type}
                  onChange={() => set('payerType')(type)}
                />
                <label className="form-check-label" htmlFor={`payer-${type}`}>
                  {t(type === 'F' ? 'payments.payerF' : 'payments.payerG')}
                </label>
              </div>
            ))}
          </fieldset>
          <TextField
            name="fiscalCode"
            label={t(values.payerType === 'F' ? 'payments.fiscalCodeF' : 'payments.fiscalCodeG')}
            value={values.fiscalCode}
            error={errors.fiscalCode}
            onChange={set('fiscalCode')}
            required
            autoComplete="off"
          />
          <TextField
            name="fullName"
            label={t(values.payerType === 'F' ? 'payments.fullNameF' : 'payments.fullNameG')}
            value={values.fullName}
            error={errors.fullName}
            onChange={set('fullName')}
            required
            autoComplete="name"
          />
          <TextField
            name="email"
            type="email"
            label={t('payments.email')}
            hint={t('payments.emailHint')}
            value={values.email}
            error={errors.email}
            onChange={set('email')}
            autoComplete="email"
          />
          {fixedCents === undefined ? (
            <TextField
              name="amount"
              label={t('payments.amount')}
              hint={t('payments.amountHint')}
              value={values.amount}
              error={errors.amount}
              onChange={set('amount')}
              required
              inputMode="decimal"
            />
          ) : (
            <p className="mb-4">
              <span className="fw-semibold">{t('payments.amount')}:</span> {formatCents(fixedCents)}{' '}
              <span className="text-secondary">({service.fees[0]!.description})</span>
            </p>
          )}
          <TextField
            name="causale"
            label={t('payments.causale')}
            hint={t('payments.causaleHint', {
              hint: [service.taxonomy[0]?.serviceTypeName, service.description].filter(Boolean).join(' - '),
            })}
            value={values.causale}
            error={errors.causale}
            onChange={set('causale')}
            required
            multiline
            maxLength={140 - service.name.length - 2}
          />
          <Button color="primary" type="submit">
            {t('payments.next')}
          </Button>
        </form>
      )}

      {step === 'summary' && (
        <section aria-labelledby="summary-title">
          <h2 id="summary-title" className="h4">
            {t('payments.step.summary')}
          </h2>
          <dl className="row">
            <dt className="col-sm-4">{t('payments.ente')}</dt>
            <dd className="col-sm-8">{ente.name}</dd>
            <dt className="col-sm-4">{t('payments.service')}</dt>
            <dd className="col-sm-8">{service.name}</dd>
            <dt className="col-sm-4">{t('payments.payer')}</dt>
            <dd className="col-sm-8">
              {values.fullName.trim()} ({values.fiscalCode.trim().toUpperCase()})
            </dd>
            {values.email.trim() && (
              <>
                <dt className="col-sm-4">{t('payments.email')}</dt>
                <dd className="col-sm-8">{values.email.trim()}</dd>
              </>
            )}
            <dt className="col-sm-4">{t('payments.amount')}</dt>
            <dd className="col-sm-8" data-testid="summary-amount">
              {formatCents(amountCents)}
            </dd>
            <dt className="col-sm-4">{t('payments.causale')}</dt>
            <dd className="col-sm-8">{values.causale.trim()}</dd>
          </dl>
          <div className="d-flex flex-wrap gap-3 mt-4">
            <Button color="primary" disabled={Boolean(busy)} onClick={() => void submit('payNow')}>
              {busy === 'payNow' ? t('payments.working') : t('payments.payNow')}
            </Button>
            <Button color="primary" outline disabled={Boolean(busy)} onClick={() => void submit('payLater')}>
              {busy === 'payLater' ? t('payments.working') : t('payments.payLater')}
            </Button>
            <Button color="secondary" outline disabled={Boolean(busy)} onClick={() => setStep('data')}>
              {t('payments.back')}
            </Button>
          </div>
          <p className="mt-3 text-secondary">{t('payments.modesExplained')}</p>
        </section>
      )}

      {step === 'done' && created && (
        <section aria-labelledby="notice-title">
          <Alert color="success">
            <h2 id="notice-title" className="h4">
              {t('payments.noticeReady')}
            </h2>
            <p className="mb-0">{t('payments.noticeReadyText')}</p>
          </Alert>
          <dl className="row">
            <dt className="col-sm-4">{t('payments.noticeNumber')}</dt>
            <dd className="col-sm-8" data-testid="notice-number">
              {created.formattedNoticeNumber}
            </dd>
            <dt className="col-sm-4">{t('payments.amount')}</dt>
            <dd className="col-sm-8">{created.amount}</dd>
            <dt className="col-sm-4">{t('payments.dueDate')}</dt>
            <dd className="col-sm-8">{formatDate(created.dueDate)}</dd>
          </dl>
          <a className="btn btn-primary btn-icon" href={created.noticePdfUrl} download>
            <Icon icon="it-download" color="white" className="me-2" aria-hidden="true" />
            <span>{t('payments.downloadNotice')}</span>
          </a>
        </section>
      )}
    </>
  );
}

function TextField(props: {
  name: keyof FormValues;
  label: string;
  value: string;
  onChange(value: string): void;
  error?: string;
  hint?: string;
  required?: boolean;
  multiline?: boolean;
  type?: string;
  maxLength?: number;
  autoComplete?: string;
  inputMode?: 'decimal';
}) {
  const { t } = useI18n();
  const id = `field-${props.name}`;
  const describedBy =
    [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean).join(' ') || undefined;
  const common = {
    id,
    name: props.name,
    value: props.value,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': describedBy,
    'aria-required': props.required || undefined,
    className: `form-control${props.error ? ' is-invalid' : ''}`,
    maxLength: props.maxLength,
  };
  return (
    <div className="form-group mb-4">
      <label htmlFor={id} className="active">
        {props.label}
        {props.required ? ' *' : ` (${t('payments.optional')})`}
      </label>
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(event) => props.onChange(event.target.value)} />
      ) : (
        <input
          {...common}
          type={props.type ?? 'text'}
          autoComplete={props.autoComplete}
          inputMode={props.inputMode}
          onChange={(event) => props.onChange(event.target.value)}
        />
      )}
      {props.hint && (
        <small id={`${id}-hint`} className="form-text">
          {props.hint}
        </small>
      )}
      {props.error && (
        <div id={`${id}-error`} className="invalid-feedback d-block" role="alert">
          {props.error}
        </div>
      )}
    </div>
  );
}

/** Where pagoPA Checkout sends the browser back: `ok`, `annullato` or `errore`. */
function Outcome({
  enteCode,
  outcome,
  noticeNumber,
}: {
  enteCode: string;
  outcome: string;
  noticeNumber: string | null;
}) {
  const { t } = useI18n();
  const known = outcome === 'ok' || outcome === 'annullato' || outcome === 'errore';
  const title = known ? t(`payments.outcome.${outcome}.title`) : t('notFound.title');
  usePageTitle(title);
  if (!known) return <NotFound />;
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('layout.home'), href: '/' },
          { label: t('payments.title'), href: BASE },
          { label: title },
        ]}
      />
      <Alert color={outcome === 'ok' ? 'success' : outcome === 'annullato' ? 'warning' : 'danger'}>
        <h1 className="h3">{title}</h1>
        <p className="mb-0">{t(`payments.outcome.${outcome}.text`)}</p>
      </Alert>
      {noticeNumber && /^\d{18}$/.test(noticeNumber) && (
        <p>
          {t('payments.noticeNumber')}:{' '}
          <strong data-testid="notice-number">{formatNotice(noticeNumber)}</strong>
        </p>
      )}
      <div className="d-flex gap-3">
        <Button color="primary" onClick={() => navigate(`${BASE}/${enteCode}`)}>
          {outcome === 'ok' ? t('payments.outcome.another') : t('payments.outcome.retry')}
        </Button>
      </div>
    </>
  );
}

/** The 18-digit notice number in groups of four, as pagoPA prints it. */
function formatNotice(noticeNumber: string): string {
  return noticeNumber.replace(/(\d{4})(?=\d)/g, '$1 ');
}
