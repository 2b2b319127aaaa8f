/** Text for an HTML page of the sandbox (login, checkout, inboxes): markup characters escaped. */
export function escapeHtml(text: string): string {
  return text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c]!,
  );
}

const romeTime = new Intl.DateTimeFormat('it-IT', {
  dateStyle: 'short',
  timeStyle: 'medium',
  timeZone: 'Europe/Rome',
});

/** An instant as people in Italy read it on the sandbox's pages. */
export const inRome = (iso: string): string => romeTime.format(new Date(iso));
