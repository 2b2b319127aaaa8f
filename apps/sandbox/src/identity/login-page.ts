import { TEST_PASSWORD, type TestUser } from './test-users';
import { escapeHtml } from '../pages/html';

/** The sandbox's SPID-like login page (Italian, usable without JavaScript). */
export function loginPage(uid: string, users: readonly TestUser[], error?: string): string {
  const options = users
    .map(
      (user, index) =>
        `<li><label><input type="radio" name="username" value="${escapeHtml(user.username)}"${
          index === 0 ? ' checked' : ''
        }> <strong>${escapeHtml(`${user.name} ${user.familyName}`)}</strong> (${escapeHtml(user.username)}) — ${escapeHtml(
          user.description,
        )}</label></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="it">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Entra con SPID (sandbox)</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#17324d}
h1{color:#0066cc}ul{list-style:none;padding:0}li{margin:.4rem 0}.error{color:#a00;font-weight:bold}
button{background:#0066cc;color:#fff;border:0;padding:.6rem 1.4rem;font-size:1rem;border-radius:4px}</style>
</head>
<body>
<h1>Entra con SPID — identity provider di prova</h1>
<p>Questo è il sandbox di SUS: un identity provider finto, solo per sviluppo e test. Non usare dati reali.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/oidc/interaction/${escapeHtml(uid)}/login">
<fieldset><legend>Scegli un utente di prova</legend>
<ul>
${options}
</ul></fieldset>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required>
<small>(per tutti gli utenti: <code>${escapeHtml(TEST_PASSWORD)}</code>)</small></p>
<p><button type="submit">Entra</button></p>
</form>
</body>
</html>`;
}
