import { formatNoticeNumber, isValidNoticeNumber, Money } from '@sus/domain';
import type { CitizenProfile } from '../profiles/citizen-profile';
import type { MessageStatus, StoredMessage } from '../messages/messages.service';

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
const when = (iso: string): string => romeTime.format(new Date(iso));

const STATUS_LABELS: Record<MessageStatus, string> = {
  ACCEPTED: 'accettato, in elaborazione',
  THROTTLED: 'rallentato, nuovo tentativo in corso',
  PROCESSED: 'consegnato nella casella',
  REJECTED: 'rifiutato',
  FAILED: 'non consegnato (errore permanente)',
};

/** Markdown as the app would show it, flattened to text: headings, emphasis and links lose their marks. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/^#{1,6}\s*/gm, '')
    .replace(/\[([^\]]*)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^*\w])[*_]([^*_\n]+)[*_](?=[^*\w]|$)/gm, '$1$2');
}

function paymentBlock(message: StoredMessage): string {
  const payment = message.content.payment_data;
  if (payment === undefined) return '';
  const notice = isValidNoticeNumber(payment.notice_number)
    ? formatNoticeNumber(payment.notice_number)
    : `${payment.notice_number} (cifre di controllo non valide: pagoPA non lo riconoscerebbe)`;
  const rows = [
    ['Codice avviso', notice],
    ['Importo', Money.fromCents(payment.amount).format()],
    ...(payment.payee ? [['Ente creditore (codice fiscale)', payment.payee.fiscal_code]] : []),
    ...(message.content.due_date ? [['Scadenza', when(message.content.due_date)]] : []),
    ...(payment.invalid_after_due_date ? [['Dopo la scadenza', 'non più pagabile']] : []),
  ];
  return `<table class="pagamento"><caption>Avviso pagoPA</caption>${rows
    .map(([label, value]) => `<tr><th>${escapeHtml(label!)}</th><td>${escapeHtml(value!)}</td></tr>`)
    .join('')}</table>`;
}

function messageBlock(message: StoredMessage): string {
  const reason = message.reason ? ` (${escapeHtml(message.reason)})` : '';
  return `<article id="${message.id}">
<h2>${escapeHtml(message.content.subject)}</h2>
<p class="meta">Da <strong>${escapeHtml(message.senderServiceName)}</strong> (servizio ${escapeHtml(message.senderServiceId)}),
inviato il ${escapeHtml(when(message.createdAt))}.
Stato: <strong>${message.status}</strong>, ${STATUS_LABELS[message.status]}${reason}.
${message.featureLevelType === 'ADVANCED' ? `Messaggio avanzato, ${message.readStatus === 'READ' ? 'letto' : 'non letto'}.` : ''}</p>
<div class="testo">${escapeHtml(markdownToText(message.content.markdown))}</div>
${paymentBlock(message)}
</article>`;
}

/** The citizen's App IO inbox as the sandbox holds it: every message sent to them, newest first. */
export function inboxPage(
  fiscalCode: string,
  profile: CitizenProfile | undefined,
  messages: StoredMessage[],
): string {
  const who = profile?.displayName ? `${profile.displayName} (${fiscalCode})` : fiscalCode;
  const state =
    profile === undefined
      ? '<p>Questa persona <strong>non è su App IO</strong>: i servizi ricevono 404 sul profilo e i messaggi finiscono REJECTED.</p>'
      : `<p>Su App IO. Lingue: ${escapeHtml(profile.preferredLanguages.join(', '))}.
${profile.senderAllowedByDefault ? 'Riceve da tutti i servizi' : 'Ha disattivato tutti i servizi'}${
          Object.keys(profile.senderAllowed).length > 0
            ? `, con queste scelte: ${Object.entries(profile.senderAllowed)
                .map(([service, allowed]) => `${escapeHtml(service)} ${allowed ? 'attivo' : 'disattivato'}`)
                .join(', ')}`
            : ''
        }.${profile.email ? ` E-mail: ${escapeHtml(profile.email)}.` : ''}</p>`;
  const list =
    messages.length === 0
      ? '<p>Nessun messaggio.</p>'
      : messages.map((message) => messageBlock(message)).join('\n');
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>App IO (sandbox): ${escapeHtml(who)}</title>
<style>
body{font-family:system-ui,sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem}
article{border:1px solid #ccc;border-radius:.5rem;padding:.5rem 1rem;margin:1rem 0}
.testo{white-space:pre-wrap}.meta{color:#555}
table.pagamento{border-collapse:collapse;margin:.5rem 0}
table.pagamento th,table.pagamento td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left}
</style></head>
<body><h1>Messaggi App IO di ${escapeHtml(who)}</h1>
<p>Ambiente di prova SUS: nessun messaggio raggiunge davvero l'app. <a href="/__sandbox/io/inbox">Tutti i cittadini</a></p>
${state}
${list}
</body></html>`;
}

/** Index of the citizens on the imitated IO, with their number of messages. */
export function inboxIndexPage(profiles: CitizenProfile[], counts: Map<string, number>): string {
  const everyone = new Set([...profiles.map((profile) => profile.fiscalCode), ...counts.keys()]);
  const names = new Map(profiles.map((profile) => [profile.fiscalCode, profile.displayName]));
  const rows = [...everyone]
    .sort()
    .map(
      (fiscalCode) =>
        `<li><a href="/__sandbox/io/inbox/${encodeURIComponent(fiscalCode)}">${escapeHtml(fiscalCode)}</a> ${escapeHtml(
          names.get(fiscalCode) ?? '(non su IO)',
        )}: ${counts.get(fiscalCode) ?? 0} messaggi</li>`,
    )
    .join('\n');
  return `<!doctype html><html lang="it"><head><meta charset="utf-8"><title>App IO (sandbox)</title></head>
<body><h1>App IO (sandbox): caselle dei cittadini</h1>
<ul>
${rows}
</ul></body></html>`;
}
