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
</ul>
<h2>pagoPA</h2>
<p>Stato solo in memoria: un riavvio del sandbox lo azzera.</p>
<ul>
<li><code>/gpd/debt-positions-service/v1</code>: posizioni debitorie (GPD)</li>
<li><code>/gpd/payments-receipts-service/v1</code>: ricevute</li>
<li><code>/checkout/ec/v1/carts</code>: carrello Checkout («paga subito»)</li>
<li><code>/fdr-org/service/v1</code>: flussi di rendicontazione</li>
<li><code>POST /__sandbox/psp/payments</code>: paga un avviso come una tabaccheria o un home banking</li>
<li><a href="/__sandbox/pagopa/organizations">/__sandbox/pagopa/organizations</a>: enti, chiavi e endpoint ricevute</li>
</ul></body></html>`;
  }
}
