import type { StoredMail } from './mail-store';

const escapeHtml = (value: string): string =>
  value.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c]!,
  );

const romeTime = new Intl.DateTimeFormat('it-IT', {
  dateStyle: 'short',
  timeStyle: 'medium',
  timeZone: 'Europe/Rome',
});

function mailBlock(mail: StoredMail): string {
  const attachments =
    mail.attachments.length === 0
      ? ''
      : `<p>Allegati: ${mail.attachments
          .map(
            (a) =>
              `${escapeHtml(a.filename ?? '(senza nome)')} (${escapeHtml(a.contentType)}, ${a.size} byte)`,
          )
          .join('; ')}</p>`;
  const body =
    mail.text !== undefined
      ? `<div class="testo">${escapeHtml(mail.text)}</div>`
      : mail.html !== undefined
        ? `<p>Solo HTML:</p><div class="testo">${escapeHtml(mail.html)}</div>`
        : '<p>(nessun testo)</p>';
  return `<article id="${mail.id}">
<h2>${escapeHtml(mail.subject ?? '(senza oggetto)')}</h2>
<p class="meta">Ricevuta il ${escapeHtml(romeTime.format(new Date(mail.receivedAt)))}<br>
Da: ${escapeHtml(mail.from ?? mail.envelope.from)}<br>
A: ${escapeHtml(mail.envelope.to.join(', '))}<br>
<a href="/__sandbox/mail/messages/${mail.id}/raw">sorgente</a></p>
${body}
${attachments}
</article>`;
}

/** All e-mail the catch-all received, newest first, optionally for one recipient. */
export function mailPage(
  mails: StoredMail[],
  listening: { host: string; port: number } | undefined,
  to?: string,
): string {
  const server =
    listening === undefined
      ? '<p><strong>Il server SMTP non è attivo</strong> (porta occupata?): vedi i log del sandbox.</p>'
      : `<p>Server SMTP: <code>${escapeHtml(listening.host)}:${listening.port}</code>, senza TLS né autenticazione
(qualsiasi credenziale è accettata). Accetta ogni messaggio per ogni indirizzo e non consegna nulla.</p>`;
  const list =
    mails.length === 0 ? '<p>Nessuna e-mail.</p>' : mails.map((mail) => mailBlock(mail)).join('\n');
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>Posta (sandbox)</title>
<style>
body{font-family:system-ui,sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem}
article{border:1px solid #ccc;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}
.testo{white-space:pre-wrap}.meta{color:#555}
</style></head>
<body><h1>Posta ricevuta dal sandbox${to ? ` per ${escapeHtml(to)}` : ''}</h1>
<p>Ambiente di prova SUS: nessuna e-mail lascia questa macchina.</p>
${server}
${list}
</body></html>`;
}
