import { Controller, Get, Header } from '@nestjs/common';

@Controller()
export class ConsoleController {
  @Get('health')
  health(): { status: 'up' } {
    return { status: 'up' };
  }

  /** A page for people who open the sandbox URL printed by `npm start`. */
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): string {
    return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>SUS sandbox</title></head>
<body><h1>SUS sandbox</h1>
<p>Imitazione locale delle piattaforme nazionali (pagoPA, App IO, SPID/CIE) per sviluppo e test.
Non usare in produzione.</p>
<ul>
<li><a href="/__sandbox/faults">/__sandbox/faults</a>: iniezione di guasti (5xx, 429, timeout, latenza)</li>
<li><a href="/__sandbox/counters">/__sandbox/counters</a>: contatori per i test</li>
<li><a href="/oidc/.well-known/openid-configuration">/oidc</a>: identity provider OpenID Connect con utenti SPID di prova
(<a href="/__sandbox/users">elenco utenti</a>, password <code>password</code>)</li>
</ul></body></html>`;
  }
}
