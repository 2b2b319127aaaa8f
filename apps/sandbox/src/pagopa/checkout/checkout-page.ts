import { Money } from '@sus/domain';
import { formatNoticeNumber, isValidNoticeNumber } from '@sus/domain';
import type { Cart } from './carts.service';
import { escapeHtml } from '../../pages/html';

const printedNotice = (noticeNumber: string): string =>
  isValidNoticeNumber(noticeNumber) ? formatNoticeNumber(noticeNumber) : noticeNumber;

/** The citizen's checkout page: what is in the cart, and the three outcomes to choose from. */
export function checkoutPage(cart: Cart): string {
  const rows = cart.request.paymentNotices
    .map(
      (notice) =>
        `<tr><td>${escapeHtml(notice.companyName)}</td><td>${escapeHtml(notice.description)}</td>` +
        `<td>${escapeHtml(printedNotice(notice.noticeNumber))}</td>` +
        `<td style="text-align:right">${escapeHtml(Money.fromCents(notice.amount).format())}</td></tr>`,
    )
    .join('\n');
  const total = Money.fromCents(cart.request.paymentNotices.reduce((sum, notice) => sum + notice.amount, 0));
  // enctype text/plain: Fastify parses it out of the box, and the forms carry no fields anyway.
  const action = (outcome: string, label: string) =>
    `<form method="post" action="/__sandbox/checkout/carts/${cart.id}/${outcome}" enctype="text/plain" style="display:inline">` +
    `<button type="submit" name="esito" value="${outcome}">${label}</button></form>`;
  const body =
    cart.status === 'OPEN'
      ? `${action('pay', 'Paga')} ${action('cancel', 'Annulla')}`
      : `<p>Questo carrello non è più pagabile (stato: ${cart.status}).</p>`;
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>pagoPA Checkout (sandbox)</title></head>
<body><h1>Paga con pagoPA</h1>
<p>Ambiente di prova SUS: nessun addebito reale.</p>
<table border="1" cellpadding="4"><thead><tr><th>Ente</th><th>Oggetto</th><th>Codice avviso</th><th>Importo</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th colspan="3" style="text-align:right">Totale</th><th style="text-align:right">${escapeHtml(total.format())}</th></tr></tfoot></table>
${body}
</body></html>`;
}
