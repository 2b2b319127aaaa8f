import { lazy, Suspense, useEffect, useState } from 'react';
import { Alert } from 'design-react-kit';
import { Layout } from './layout/Layout';
import { HomePage } from './HomePage';
import { completeSignIn } from './shell/auth';
import { Loading } from './shell/feedback';
import { useI18n } from './shell/i18n';
import { match, navigate, useLocation } from './shell/router';
import { useSession } from './shell/session';

// One bundle per area: a citizen paying a fee never downloads the personal area, and so on.
const VoluntaryPaymentsArea = lazy(() => import('./payments/VoluntaryPaymentsArea'));
const ServicesArea = lazy(() => import('./services/ServicesArea'));
const PersonalArea = lazy(() => import('./personal-area/PersonalArea'));

export function App() {
  const { path } = useLocation();
  let page;
  if (path === '/') page = <HomePage />;
  else if (path === '/callback') page = <SignInCallback />;
  else if (path === '/pagamenti-volontari' || path.startsWith('/pagamenti-volontari/'))
    page = <VoluntaryPaymentsArea />;
  else if (match('/enti/:ente/servizi', path) || path.startsWith('/enti/')) page = <ServicesArea />;
  else if (path === '/area-personale' || path.startsWith('/area-personale/')) page = <PersonalArea />;
  else page = <NotFound />;
  return (
    <Layout>
      <Suspense fallback={<Loading />}>{page}</Suspense>
    </Layout>
  );
}

export function NotFound() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
    </>
  );
}

/** The IdP sends the browser back here with the code; the token is fetched, then the page asked for. */
function SignInCallback() {
  const { t } = useI18n();
  const { query } = useLocation();
  const session = useSession();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    completeSignIn(query)
      .then((returnTo) => {
        session.refresh();
        navigate(
          returnTo.startsWith('/') && !returnTo.startsWith('/callback') ? returnTo : '/area-personale',
          {
            replace: true,
          },
        );
      })
      .catch(() => setFailed(true));
    // Only once (the code can be traded a single time): no dependencies on purpose.
  }, []);
  if (!failed) return <Loading />;
  return (
    <Alert color="danger" role="alert">
      {t('signIn.failed')}
    </Alert>
  );
}
