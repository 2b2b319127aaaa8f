/**
 * Citizen sign-in with SPID/CIE through OpenID Connect: the authorization code flow with PKCE
 * (RFC 7636) as a public client, the way a browser app must do it. The portal keeps no secret;
 * the access token lives in this tab's sessionStorage and is sent to the api as a bearer token.
 */
const TOKEN_KEY = 'sus.token';
const PENDING_KEY = 'sus.signin';
const SCOPE = 'openid profile email sus:api';

interface PortalConfig {
  oidcIssuer: string;
  oidcClientId: string;
}
interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}
interface StoredToken {
  accessToken: string;
  expiresAt: number;
}
interface PendingSignIn {
  state: string;
  verifier: string;
  returnTo: string;
}

export class SignInError extends Error {}

let configuration: Promise<{ config: PortalConfig; discovery: Discovery }> | undefined;

function loadConfiguration() {
  configuration ??= (async () => {
    const config = (await (await fetch('/config.json')).json()) as PortalConfig;
    const discovery = (await (
      await fetch(`${config.oidcIssuer.replace(/\/$/, '')}/.well-known/openid-configuration`)
    ).json()) as Discovery;
    return { config, discovery };
  })();
  configuration.catch(() => (configuration = undefined));
  return configuration;
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(32)));
}

const redirectUri = () => `${window.location.origin}/callback`;

/** Leaves for the IdP's sign-in page; comes back to /callback, then to `returnTo`. */
export async function beginSignIn(returnTo: string): Promise<void> {
  const { config, discovery } = await loadConfiguration();
  const verifier = randomString();
  const challenge = base64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const pending: PendingSignIn = { state: randomString(), verifier, returnTo };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.oidcClientId,
    redirect_uri: redirectUri(),
    scope: SCOPE,
    state: pending.state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/** On /callback: checks the state, trades the code (with the PKCE verifier) for an access token. */
export async function completeSignIn(query: URLSearchParams): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as PendingSignIn | null;
  sessionStorage.removeItem(PENDING_KEY);
  if (query.get('error')) throw new SignInError(query.get('error_description') ?? query.get('error')!);
  const code = query.get('code');
  if (!pending || !code || query.get('state') !== pending.state) {
    throw new SignInError('state');
  }
  const { config, discovery } = await loadConfiguration();
  const response = await fetch(discovery.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(),
      client_id: config.oidcClientId,
      code_verifier: pending.verifier,
    }),
  });
  const answer = (await response.json()) as { access_token?: string; expires_in?: number; error?: string };
  if (!response.ok || !answer.access_token) throw new SignInError(answer.error ?? `HTTP ${response.status}`);
  const stored: StoredToken = {
    accessToken: answer.access_token,
    expiresAt: Date.now() + (answer.expires_in ?? 3600) * 1000,
  };
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify(stored));
  return pending.returnTo;
}

/** The access token while it is valid (with a minute to spare), else undefined. */
export function accessToken(): string | undefined {
  const stored = JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null') as StoredToken | null;
  if (!stored || stored.expiresAt < Date.now() + 60_000) return undefined;
  return stored.accessToken;
}

export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
