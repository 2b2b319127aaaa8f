import { Alert, Button } from 'design-react-kit';
import { NotFound } from '../App';
import { graphql } from '../gql';
import type { CaseStatus, MessageDeliveryStatus } from '../gql/graphql';
import { Breadcrumbs, usePageTitle } from '../layout/Layout';
import { ErrorMessage, Loading } from '../shell/feedback';
import { useI18n } from '../shell/i18n';
import type { MessageKey } from '../shell/messages';
import { Link, match, useLocation } from '../shell/router';
import { useSession } from '../shell/session';
import { useQuery } from '../shell/use-query';

const MY_AREA = graphql(`
  query PortalMyArea {
    myCases(first: 50) {
      edges {
        node {
          caseNumber
          enteCode
          serviceCode
          status
          receivedAt
          currentStep {
            title
          }
        }
      }
    }
    myPayments(first: 50) {
      edges {
        node {
          noticeNumber
          formattedNoticeNumber
          description
          amount
          dueDate
          status
          noticePdfUrl
        }
      }
    }
    myMessages {
      id
      subject
      status
      channel
      createdAt
      caseNumber
    }
  }
`);

const MY_CASE = graphql(`
  query PortalMyCase($enteCode: String!, $caseNumber: String!) {
    case(enteCode: $enteCode, caseNumber: $caseNumber) {
      caseNumber
      enteCode
      serviceCode
      status
      receivedAt
      currentStep {
        id
        title
        type
        awaiting
        since
      }
      clock {
        state
        deadline
      }
      booking {
        resourceName
        date
        start
        end
        status
      }
      payments {
        noticeNumber
        amountCents
        dueDate
        status
      }
      timeline {
        seq
        kind
        at
        stepId
      }
    }
    myMessages {
      id
      subject
      status
      channel
      createdAt
      caseNumber
    }
  }
`);

const BASE = '/area-personale';

/** The citizen's personal area (Designers Italia's "area personale"): pratiche, pagamenti, messaggi. */
export default function PersonalArea() {
  const { t } = useI18n();
  const { path } = useLocation();
  const session = useSession();
  usePageTitle(t('area.title'));
  if (session.loading) return <Loading />;
  if (!session.citizen) {
    return (
      <>
        <h1>{t('area.title')}</h1>
        <p className="lead">{t('area.signInLead')}</p>
        <Button color="primary" onClick={() => void session.signIn(path)}>
          {t('area.signIn')}
        </Button>
      </>
    );
  }
  if (path === BASE) return <Overview />;
  const params = match(`${BASE}/pratiche/:ente/:number`, path);
  if (params) return <CaseDetail enteCode={params.ente!} caseNumber={params.number!} />;
  return <NotFound />;
}

const STATUS_KEYS: Record<CaseStatus, MessageKey> = {
  accepted: 'case.status.accepted',
  cancelled: 'case.status.cancelled',
  expired: 'case.status.expired',
  inProgress: 'case.status.inProgress',
  rejected: 'case.status.rejected',
  submitted: 'case.status.submitted',
  suspended: 'case.status.suspended',
  waitingCitizen: 'case.status.waitingCitizen',
  waitingPayment: 'case.status.waitingPayment',
  waitingStaff: 'case.status.waitingStaff',
  withdrawn: 'case.status.withdrawn',
};

const DELIVERY_KEYS: Record<MessageDeliveryStatus, MessageKey> = {
  accepted: 'message.status.accepted',
  failed: 'message.status.failed',
  fallbackSent: 'message.status.fallbackSent',
  invalid: 'message.status.failed',
  pending: 'message.status.pending',
  processed: 'message.status.processed',
  rejected: 'message.status.failed',
  unconfirmed: 'message.status.pending',
  undeliverable: 'message.status.failed',
};

function Overview() {
  const { t, formatDateTime, formatDate } = useI18n();
  const session = useSession();
  const area = useQuery(MY_AREA, {});
  return (
    <>
      <Breadcrumbs items={[{ label: t('layout.home'), href: '/' }, { label: t('area.title') }]} />
      <h1>{t('area.title')}</h1>
      <p className="lead">{t('area.welcome', { name: session.citizen!.displayName })}</p>
      {area.status === 'loading' && <Loading />}
      {area.status === 'error' && <ErrorMessage error={area.error} />}
      {area.status === 'done' && (
        <>
          <section className="mb-5" aria-labelledby="cases-title">
            <h2 id="cases-title" className="h3">
              {t('area.cases')}
            </h2>
            {area.data.myCases.edges.length === 0 ? (
              <p>{t('area.noCases')}</p>
            ) : (
              <div className="table-responsive">
                <table className="table">
                  <caption className="visually-hidden">{t('area.cases')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('case.number')}</th>
                      <th scope="col">{t('case.service')}</th>
                      <th scope="col">{t('case.status')}</th>
                      <th scope="col">{t('case.step')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {area.data.myCases.edges.map(({ node }) => (
                      <tr key={`${node.enteCode}/${node.caseNumber}`}>
                        <td>
                          <Link href={`${BASE}/pratiche/${node.enteCode}/${node.caseNumber}`}>
                            {node.caseNumber}
                          </Link>
                        </td>
                        <td>{node.serviceCode}</td>
                        <td>{t(STATUS_KEYS[node.status])}</td>
                        <td>{node.currentStep?.title ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <section className="mb-5" aria-labelledby="payments-title">
            <h2 id="payments-title" className="h3">
              {t('area.payments')}
            </h2>
            {area.data.myPayments.edges.length === 0 ? (
              <p>{t('area.noPayments')}</p>
            ) : (
              <ul className="list-unstyled">
                {area.data.myPayments.edges.map(({ node }) => (
                  <li key={node.noticeNumber} className="mb-2">
                    <strong>{node.description}</strong> — {node.amount} — {t('payments.noticeNumber')}{' '}
                    {node.formattedNoticeNumber} — {t('payments.dueDate')} {formatDate(node.dueDate)} —{' '}
                    {node.status}
                    {node.noticePdfUrl && (
                      <>
                        {' '}
                        <a href={node.noticePdfUrl}>{t('payments.downloadNotice')}</a>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="messages-title">
            <h2 id="messages-title" className="h3">
              {t('area.messages')}
            </h2>
            <Messages messages={area.data.myMessages} formatDateTime={formatDateTime} />
          </section>
        </>
      )}
    </>
  );
}

function Messages({
  messages,
  formatDateTime,
}: {
  messages: {
    id: string;
    subject?: string | null;
    status: MessageDeliveryStatus;
    channel: string;
    createdAt: string;
  }[];
  formatDateTime(iso: string): string;
}) {
  const { t } = useI18n();
  if (messages.length === 0) return <p>{t('area.noMessages')}</p>;
  return (
    <ul className="list-unstyled">
      {messages.map((message) => (
        <li key={message.id} className="mb-2">
          <strong>{message.subject ?? '—'}</strong> — {formatDateTime(message.createdAt)} —{' '}
          {t(DELIVERY_KEYS[message.status])} ({message.channel === 'io' ? 'App IO' : message.channel})
        </li>
      ))}
    </ul>
  );
}

function CaseDetail({ enteCode, caseNumber }: { enteCode: string; caseNumber: string }) {
  const { t, formatDateTime, formatDate, formatCents } = useI18n();
  const found = useQuery(MY_CASE, { enteCode, caseNumber });
  if (found.status === 'loading') return <Loading />;
  if (found.status === 'error') {
    return found.error.code === 'NOT_FOUND' ? <NotFound /> : <ErrorMessage error={found.error} />;
  }
  const item = found.data.case;
  const messages = found.data.myMessages.filter((message) => message.caseNumber === item.caseNumber);
  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('layout.home'), href: '/' },
          { label: t('area.title'), href: BASE },
          { label: t('case.title', { number: item.caseNumber }) },
        ]}
      />
      <h1>{t('case.title', { number: item.caseNumber })}</h1>
      <dl className="row">
        <dt className="col-sm-4">{t('case.service')}</dt>
        <dd className="col-sm-8">{item.serviceCode}</dd>
        <dt className="col-sm-4">{t('case.status')}</dt>
        <dd className="col-sm-8" data-testid="case-status">
          {t(STATUS_KEYS[item.status])}
        </dd>
        {item.currentStep && (
          <>
            <dt className="col-sm-4">{t('case.step')}</dt>
            <dd className="col-sm-8" data-testid="case-step">
              {item.currentStep.title}
            </dd>
          </>
        )}
        {item.receivedAt && (
          <>
            <dt className="col-sm-4">{t('case.receivedAt')}</dt>
            <dd className="col-sm-8">{formatDateTime(item.receivedAt)}</dd>
          </>
        )}
        {item.clock.deadline && (
          <>
            <dt className="col-sm-4">{t('case.deadline')}</dt>
            <dd className="col-sm-8">{formatDate(item.clock.deadline)}</dd>
          </>
        )}
        {item.booking && (
          <>
            <dt className="col-sm-4">{t('case.booking')}</dt>
            <dd className="col-sm-8">
              {item.booking.resourceName}, {formatDate(item.booking.date)} {item.booking.start}–
              {item.booking.end}
            </dd>
          </>
        )}
      </dl>
      {item.currentStep?.awaiting === 'citizenForm' && (
        <Alert color="info">{t('case.formNotYetOnPortal')}</Alert>
      )}
      {item.payments.length > 0 && (
        <section className="mb-4" aria-labelledby="case-payments-title">
          <h2 id="case-payments-title" className="h4">
            {t('area.payments')}
          </h2>
          <ul>
            {item.payments.map((payment) => (
              <li key={payment.noticeNumber}>
                {formatCents(payment.amountCents)} — {t('payments.dueDate')} {formatDate(payment.dueDate)} —{' '}
                {payment.status}
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="mb-4" aria-labelledby="timeline-title">
        <h2 id="timeline-title" className="h4">
          {t('case.timeline')}
        </h2>
        <ol className="list-unstyled border-start ps-3" data-testid="case-timeline">
          {item.timeline.map((event) => (
            <li key={event.seq} className="mb-2">
              <span className="text-secondary">{formatDateTime(event.at)}</span> — {eventText(t, event.kind)}
            </li>
          ))}
        </ol>
      </section>
      <section aria-labelledby="case-messages-title">
        <h2 id="case-messages-title" className="h4">
          {t('area.messages')}
        </h2>
        <Messages messages={messages} formatDateTime={formatDateTime} />
      </section>
    </>
  );
}

const EVENT_KEYS: Record<string, MessageKey> = {
  started: 'event.started',
  formSubmitted: 'event.formSubmitted',
  taskDecided: 'event.taskDecided',
  noticeIssued: 'event.noticeIssued',
  paymentReceived: 'event.paymentReceived',
  concluded: 'event.concluded',
};

/** Known events in words; others by their code, so nothing that happened is hidden. */
function eventText(t: ReturnType<typeof useI18n>['t'], kind: string): string {
  const key = EVENT_KEYS[kind];
  return key ? t(key) : kind;
}
