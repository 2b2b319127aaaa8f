import { Card, CardBody, CardTitle } from 'design-react-kit';
import { graphql } from './gql';
import { usePageTitle } from './layout/Layout';
import { ErrorMessage, Loading } from './shell/feedback';
import { useI18n } from './shell/i18n';
import { Link } from './shell/router';
import { useQuery } from './shell/use-query';

export const MUNICIPALITIES = graphql(`
  query PortalMunicipalities {
    enti(type: COMUNE, first: 100) {
      edges {
        node {
          ipaCode
          name
        }
      }
    }
  }
`);

/** The region's comuni: each one's services and voluntary payments. */
export function HomePage() {
  const { t } = useI18n();
  usePageTitle(undefined);
  const enti = useQuery(MUNICIPALITIES, {});
  return (
    <>
      <h1 className="mb-3">{t('home.title')}</h1>
      <p className="lead mb-4">{t('home.lead')}</p>
      <h2 className="h3 mb-3">{t('home.municipalities')}</h2>
      {enti.status === 'loading' && <Loading />}
      {enti.status === 'error' && <ErrorMessage error={enti.error} />}
      {enti.status === 'done' && (
        <div className="row">
          {enti.data.enti.edges.map(({ node }) => (
            <div className="col-12 col-md-6 col-lg-4 mb-4" key={node.ipaCode}>
              <Card className="card-bg" rounded shadow="sm" fullHeight>
                <CardBody>
                  <CardTitle tag="h3" className="h5">
                    {node.name}
                  </CardTitle>
                  <ul className="link-list list-unstyled mb-0">
                    <li>
                      <Link href={`/enti/${node.ipaCode}/servizi`}>
                        {t('home.servicesOf', { ente: node.name })}
                      </Link>
                    </li>
                    <li>
                      <Link href={`/pagamenti-volontari/${node.ipaCode}`}>
                        {t('home.paymentsOf', { ente: node.name })}
                      </Link>
                    </li>
                  </ul>
                </CardBody>
              </Card>
            </div>
          ))}
        </div>
      )}
    </>
  );
}
