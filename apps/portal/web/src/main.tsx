import 'bootstrap-italia/dist/css/bootstrap-italia.min.css';
import './fonts.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { bookingLinkTarget } from './shell/booking-link';
import { I18nProvider } from './shell/i18n';
import { SessionProvider } from './shell/session';

// Before the first render, so every part of the page starts on the page the link stands for.
const target = bookingLinkTarget(window.location.pathname, window.location.search);
if (target) history.replaceState(null, '', target);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </I18nProvider>
  </StrictMode>,
);
