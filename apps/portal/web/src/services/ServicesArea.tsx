import { useState } from 'react';
import { Alert, Button, Card, CardBody, CardText, CardTitle, Icon } from 'design-react-kit';
import { NotFound } from '../App';
import { graphql } from '../gql';
import type { Channel, InteractivityLevel } from '../gql/graphql';
import { Breadcrumbs, usePageTitle } from '../layout/Layout';
import { ApiError, request } from '../shell/api';
import { ErrorMessage, Loading } from '../shell/feedback';
import { useI18n } from '../shell/i18n';
import type { MessageKey } from '../shell/messages';
import { Link, match, navigate, useLocation } from '../shell/router';
import { useSession } from '../shell/session';
import { useQuery } from '../shell/use-query';

const SERVICES = graphql(`
  query PortalServices($enteCode: String!) {
    ente(code: $enteCode) {
      ipaCode
      name
    }
    services(enteCode: $enteCode, first: 100) {
      edges {
        node {
          code
          name
          description
          interactivityLevel
          channels
        }
      }
    }
  }
`);

const SERVICE = graphql(`
  query PortalService($enteCode: String!, $code: String!) {
    ente(code: $enteCode) {
      ipaCode
      name
    }
    service(enteCode: $enteCode, code: $code) {
      code
      name
      description
      interactivityLevel
      channels
      availability
      voluntary
      pagopaActive
      fees {
        description
        amountCents
      }
      contactPoints {
        kind
        value
        description
      }
      procedure {
        name
        termDays
        termKind
        legislation
        subjectArea
        responsibleUnit {
          name
        }
      }
    }
  }
`);

const START_CASE = graphql(`
  mutation PortalStartCase($enteCode: String!, $serviceCode: String!, $requestId: String) {
    startCase(enteCode: $enteCode, serviceCode: $serviceCode, requestId: $requestId) {
      caseNumber
      enteCode
    }
  }
`);

/** Levels at which a citizen does the whole thing on line (Anagrafe Servizi's interactivity). */
const ONLINE_LEVELS: InteractivityLevel[] = ['DUE_VIE', 'TRANSATTIVO', 'PERSONALIZZATO'];

export function isOnline(service: { interactivityLevel: InteractivityLevel; channels: Channel[] }): boolean {
  return ONLINE_LEVELS.includes(service.interactivityLevel) && service.channels.includes('WEB');
}

/** An ente's services, and each one's scheda servizio (Designers Italia's service card). */
export default function ServicesArea() {
  const { path } = useLocation();
  let params = match('/enti/:ente/servizi', path);
  if (params) return <ServiceList enteCode={params.ente!} />;
  params = match('/enti/:ente/servizi/:code', path);
  if (params) return <ServiceCard enteCode={params.ente!} code={params.code!} />;
  return <NotFound />;
}

function ServiceList({ enteCode }: { enteCode: string }) {
  const { t } = useI18n();
  const services = useQuery(SERVICES, { enteCode });
  const ente = services.status === 'done' ? services.data.ente : undefined;
  usePageTitle(ente ? t('services.titleOf', { ente: ente.name }) : t('services.title'));
  if (services.status === 'loading') return <Loading />;
  if (services.status === 'error') return <ErrorMessage error={services.error} />;
  if (!ente) return <NotFound />;
  return (
    <>
      <Breadcrumbs items={[{ label: t('layout.home'), href: '/' }, { label: ente.name }]} />
      <h1>{t('services.titleOf', { ente: ente.name })}</h1>
      <p className="lead">{t('services.lead')}</p>
      <div className="row">
        {services.data.services.edges.map(({ node: service }) => (
          <div className="col-12 col-md-6 col-lg-4 mb-4" key={service.code}>
            <Card className="card-bg" rounded shadow="sm" fullHeight>
              <CardBody>
                <span className={`badge ${isOnline(service) ? 'bg-success' : 'bg-secondary'} mb-2`}>
                  {isOnline(service) ? t('services.online') : t('services.notOnline')}
                </span>
                <CardTitle tag="h2" className="h5">
                  <Link href={`/enti/${ente.ipaCode}/servizi/${service.code}`}>{service.name}</Link>
                </CardTitle>
                <CardText>{service.description}</CardText>
              </CardBody>
            </Card>
          </div>
        ))}
      </div>
    </>
  );
}

const CHANNEL_KEYS: Record<Channel, MessageKey> = {
  APP: 'channel.APP',
  EMAIL: 'channel.EMAIL',
  PEC: 'channel.PEC',
  PHONE: 'channel.PHONE',
  POST: 'channel.POST',
  SPORTELLO: 'channel.SPORTELLO',
  WEB: 'channel.WEB',
};

function ServiceCard({ enteCode, code }: { enteCode: string; code: string }) {
  const { t, formatCents } = useI18n();
  const session = useSession();
  const found = useQuery(SERVICE, { enteCode, code });
  const [starting, setStarting] = useState(false);
  const [failure, setFailure] = useState<ApiError>();
  const service = found.status === 'done' ? found.data.service : undefined;
  usePageTitle(service?.name);
  if (found.status === 'loading') return <Loading />;
  if (found.status === 'error') return <ErrorMessage error={found.error} />;
  const ente = found.data.ente;
  if (!ente || !service) return <NotFound />;
  const online = isOnline(service) && Boolean(service.procedure);
  const counters = service.contactPoints.filter((point) => point.kind === 'SPORTELLO');
  const contacts = service.contactPoints.filter((point) => point.kind !== 'SPORTELLO');

  const start = async () => {
    if (!session.citizen) {
      await session.signIn(`/enti/${ente.ipaCode}/servizi/${service.code}`);
      return;
    }
    setStarting(true);
    setFailure(undefined);
    try {
      const { startCase } = await request(START_CASE, {
        enteCode: ente.ipaCode,
        serviceCode: service.code,
        requestId: crypto.randomUUID(),
      });
      navigate(`/area-personale/pratiche/${startCase.enteCode}/${startCase.caseNumber}`);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError(String(error), 'ERROR'));
      setStarting(false);
    }
  };

  const sections: { id: string; title: string; body: React.ReactNode }[] = [
    { id: 'descrizione', title: t('card.description'), body: <p>{service.description}</p> },
    {
      id: 'come-fare',
      title: t('card.how'),
      body: (
        <>
          <p>{online ? t('card.howOnline') : t('card.howCounter')}</p>
          {service.channels.length > 0 && (
            <p>
              {t('card.channels')}: {service.channels.map((channel) => t(CHANNEL_KEYS[channel])).join(', ')}
            </p>
          )}
          {service.availability && <p>{service.availability}</p>}
        </>
      ),
    },
    ...(service.fees.length > 0
      ? [
          {
            id: 'costi',
            title: t('card.costs'),
            body: (
              <ul>
                {service.fees.map((fee) => (
                  <li key={fee.description}>
                    {fee.description}: <strong>{formatCents(fee.amountCents)}</strong>
                  </li>
                ))}
              </ul>
            ),
          },
        ]
      : []),
    ...(service.procedure
      ? [
          {
            id: 'tempi',
            title: t('card.times'),
            body: (
              <>
                <p>
                  {t('card.term', {
                    days: service.procedure.termDays,
                  })}
                </p>
                {service.procedure.legislation.length > 0 && (
                  <p>
                    {t('card.legislation')}: {service.procedure.legislation.join('; ')}
                  </p>
                )}
                {service.procedure.responsibleUnit && (
                  <p>
                    {t('card.responsibleUnit')}: {service.procedure.responsibleUnit.name}
                  </p>
                )}
              </>
            ),
          },
        ]
      : []),
    {
      id: 'accedere',
      title: t('card.access'),
      body: online ? (
        <>
          {failure && <ErrorMessage error={failure} />}
          <p>{t('card.accessOnline')}</p>
          <Button color="primary" disabled={starting} onClick={() => void start()}>
            {session.citizen ? t('card.start') : t('card.signInToStart')}
          </Button>
        </>
      ) : (
        <Alert color="info">
          <p className="fw-semibold">{t('card.notOnline')}</p>
          {counters.map((point) => (
            <p key={point.value} className="mb-1">
              <Icon icon="it-map-marker" size="sm" className="me-1" aria-hidden="true" />
              {point.value}
              {point.description ? ` - ${point.description}` : ''}
            </p>
          ))}
          {service.availability && (
            <p className="mb-0">
              <Icon icon="it-clock" size="sm" className="me-1" aria-hidden="true" />
              {t('card.hours')}: {service.availability}
            </p>
          )}
        </Alert>
      ),
    },
    ...(service.voluntary && service.pagopaActive
      ? [
          {
            id: 'pagare',
            title: t('card.pay'),
            body: (
              <Link href={`/pagamenti-volontari/${ente.ipaCode}/servizio/${service.code}`}>
                {t('card.payLink')}
              </Link>
            ),
          },
        ]
      : []),
    ...(contacts.length > 0
      ? [
          {
            id: 'contatti',
            title: t('card.contacts'),
            body: (
              <ul className="list-unstyled">
                {contacts.map((point) => (
                  <li key={`${point.kind}-${point.value}`}>
                    {t(CHANNEL_KEYS[point.kind])}: {point.value}
                    {point.description ? ` (${point.description})` : ''}
                  </li>
                ))}
              </ul>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <Breadcrumbs
        items={[
          { label: t('layout.home'), href: '/' },
          { label: ente.name, href: `/enti/${ente.ipaCode}/servizi` },
          { label: service.name },
        ]}
      />
      <div className="row">
        <div className="col-lg-8">
          <h1>{service.name}</h1>
          <span className={`badge ${online ? 'bg-success' : 'bg-secondary'} mb-3`}>
            {online ? t('services.online') : t('services.notOnline')}
          </span>
          <p className="lead">{service.description}</p>
        </div>
      </div>
      <div className="row mt-3">
        <aside className="col-lg-3 mb-4">
          <nav aria-label={t('card.index')}>
            <p className="h6 text-uppercase">{t('card.index')}</p>
            <ul className="link-list list-unstyled">
              {sections.map((section) => (
                <li key={section.id}>
                  <a href={`#${section.id}`}>{section.title}</a>
                </li>
              ))}
            </ul>
          </nav>
        </aside>
        <div className="col-lg-8 offset-lg-1">
          {sections.map((section) => (
            <section
              key={section.id}
              id={section.id}
              className="mb-5"
              aria-labelledby={`${section.id}-title`}
            >
              <h2 id={`${section.id}-title`} className="h3 mb-3">
                {section.title}
              </h2>
              {section.body}
            </section>
          ))}
        </div>
      </div>
    </>
  );
}
