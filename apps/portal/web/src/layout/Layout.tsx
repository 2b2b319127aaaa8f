import { useEffect, type ReactNode } from 'react';
import { Header, HeaderBrand, HeaderContent, HeaderRightZone, Headers, Icon } from 'design-react-kit';
import { useI18n, LANGUAGES } from '../shell/i18n';
import { Link } from '../shell/router';
import { useSession } from '../shell/session';

/** The Designers Italia page frame: skip link, slim header (region, language, sign-in), brand, menu, footer. */
export function Layout({ children }: { children: ReactNode }) {
  const { t, language, setLanguage } = useI18n();
  const session = useSession();
  return (
    <>
      <a className="visually-hidden-focusable" href="#main-content">
        {t('layout.skipToContent')}
      </a>
      <Headers>
        <Header type="slim" theme="dark">
          <HeaderContent>
            <HeaderBrand tag="span">{t('layout.region')}</HeaderBrand>
            <HeaderRightZone>
              <div
                className="nav-item d-flex align-items-center me-3"
                role="group"
                aria-label={t('layout.language')}
              >
                {LANGUAGES.map((code) => (
                  <button
                    key={code}
                    type="button"
                    lang={code}
                    className={`btn btn-link text-white px-2 ${code === language ? 'fw-bold text-decoration-underline' : ''}`}
                    aria-pressed={code === language}
                    onClick={() => setLanguage(code)}
                  >
                    {code === 'it' ? 'ITA' : 'ENG'}
                    <span className="visually-hidden"> {code === 'it' ? 'Italiano' : 'English'}</span>
                  </button>
                ))}
              </div>
              {session.citizen ? (
                <div className="d-flex align-items-center">
                  <Link className="btn btn-primary btn-icon btn-full" href="/area-personale">
                    <span className="rounded-icon" aria-hidden="true">
                      <Icon icon="it-user" color="primary" size="sm" />
                    </span>
                    <span className="d-none d-lg-block">{session.citizen.displayName}</span>
                  </Link>
                  <button
                    type="button"
                    className="btn btn-link text-white ms-2"
                    onClick={() => session.signOut()}
                  >
                    {t('layout.signOut')}
                  </button>
                </div>
              ) : (
                <button
                  type="button"
                  className="btn btn-primary btn-icon btn-full"
                  onClick={() => void session.signIn()}
                >
                  <span className="rounded-icon" aria-hidden="true">
                    <Icon icon="it-user" color="primary" size="sm" />
                  </span>
                  <span className="d-none d-lg-block">{t('layout.signIn')}</span>
                </button>
              )}
            </HeaderRightZone>
          </HeaderContent>
        </Header>
        <div className="it-nav-wrapper">
          <Header type="center" theme="dark">
            <HeaderContent>
              <HeaderBrand tag="div">
                <Link href="/" className="d-flex align-items-center text-white text-decoration-none">
                  <Icon icon="it-pa" color="white" size="lg" className="me-2" aria-hidden="true" />
                  <div className="it-brand-text">
                    <div className="it-brand-title">{t('layout.title')}</div>
                    <div className="it-brand-tagline d-none d-md-block">{t('layout.tagline')}</div>
                  </div>
                </Link>
              </HeaderBrand>
            </HeaderContent>
          </Header>
          <Header type="navbar" theme="">
            <HeaderContent>
              <nav className="navbar navbar-expand-lg has-megamenu" aria-label={t('layout.mainMenu')}>
                <ul className="navbar-nav flex-row flex-wrap">
                  <li className="nav-item">
                    <Link className="nav-link text-white" href="/">
                      <span>{t('layout.menu.services')}</span>
                    </Link>
                  </li>
                  <li className="nav-item">
                    <Link className="nav-link text-white" href="/pagamenti-volontari">
                      <span>{t('layout.menu.payments')}</span>
                    </Link>
                  </li>
                  <li className="nav-item">
                    <Link className="nav-link text-white" href="/area-personale">
                      <span>{t('layout.menu.personalArea')}</span>
                    </Link>
                  </li>
                </ul>
              </nav>
            </HeaderContent>
          </Header>
        </div>
      </Headers>
      <main id="main-content" className="container my-4" tabIndex={-1}>
        {children}
      </main>
      <footer className="it-footer">
        <div className="it-footer-main">
          <div className="container py-4">
            <p className="h5 text-white">{t('layout.title')}</p>
            <p className="text-white mb-0">{t('layout.footer')}</p>
          </div>
        </div>
      </footer>
    </>
  );
}

/** Breadcrumbs as Designers Italia places them above the page title. */
export function Breadcrumbs({ items }: { items: { label: string; href?: string }[] }) {
  const { t } = useI18n();
  return (
    <nav className="breadcrumb-container" aria-label={t('layout.breadcrumb')}>
      <ol className="breadcrumb p-0">
        {items.map((item, index) => (
          <li
            key={`${index}-${item.label}`}
            className={`breadcrumb-item${item.href ? '' : ' active'}`}
            aria-current={item.href ? undefined : 'page'}
          >
            {item.href ? <Link href={item.href}>{item.label}</Link> : item.label}
            {index < items.length - 1 && <span className="separator">/</span>}
          </li>
        ))}
      </ol>
    </nav>
  );
}

/** Sets the document title (read first by screen readers after a page change). */
export function usePageTitle(title: string | undefined): void {
  const { t } = useI18n();
  const full = title ? `${title} - ${t('layout.title')}` : t('layout.title');
  useEffect(() => {
    document.title = full;
  }, [full]);
}
