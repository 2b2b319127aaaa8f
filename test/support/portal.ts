import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '@sus/platform';
import { loadPortalSettings } from '../../apps/portal/src/config';
import { createPortalServer } from '../../apps/portal/src/portal-server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the browser tests leave a screenshot of each main page (dist/ is not committed). */
export const SCREENSHOT_DIR = join(projectRoot(), 'dist', 'screenshots', 'portal');

export interface RunningPortal {
  url: string;
  close(): Promise<void>;
}

/**
 * The portal server in this process, over the bundle `npm run build` made, forwarding GraphQL to
 * the given api and sending browsers to the sandbox's IdP.
 */
export async function startPortal(options: {
  port: number;
  apiUrl: string;
  sandboxUrl: string;
}): Promise<RunningPortal> {
  const settings = loadPortalSettings({
    PORTAL_HOST: '127.0.0.1',
    PORTAL_PORT: String(options.port),
    PORTAL_API_URL: options.apiUrl,
    PORTAL_OIDC_ISSUER: `${options.sandboxUrl}/oidc`,
  });
  if (!existsSync(join(settings.PORTAL_STATIC_DIR, 'index.html')))
    throw new Error('dist/portal is missing: run npm run build before the portal tests.');
  const app = createPortalServer(settings, false);
  await app.listen({ host: settings.PORTAL_HOST, port: settings.PORTAL_PORT });
  return { url: `http://127.0.0.1:${options.port}`, close: () => app.close() };
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install the Debian package chromium.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface OfflinePage {
  page: Page;
  /** Every request to an origin not allowed: the test expects none. */
  outside: string[];
  /** Uncaught errors in the page. */
  errors: string[];
}

/** A page that may reach only the given origins (portal, sandbox, api): anything else is blocked and recorded. */
export async function offlinePage(browser: Browser, origins: string[]): Promise<OfflinePage> {
  const context = await browser.newContext({ locale: 'it-IT', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const outside: string[] = [];
  const errors: string[] = [];
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url.startsWith('data:') || origins.some((origin) => url.startsWith(`${origin}/`) || url === origin)) {
      return route.continue();
    }
    outside.push(url);
    return route.abort('internetdisconnected');
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, outside, errors };
}

/**
 * Saves a screenshot of the page and runs axe-core on it (WCAG 2.1 A and AA rules): returns the
 * serious and critical violations, which the tests expect to be none.
 */
export async function checkPage(page: Page, name: string): Promise<string[]> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${name}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}
