/**
 * `/prenotazioni/<ente>[/servizio/<code>]` is the booking link of the identity-card reminders sent on
 * App IO (cieBookingUrl in libs/domain). Until the portal books appointments outside a case, the
 * link opens the service's card (how and where to ask, the office's contacts and hours) or the
 * ente's services, so a link already in a citizen's inbox keeps working; the query (`?risorsa=`)
 * is kept for the booking page that will take the path over.
 */
export function bookingLinkTarget(pathname: string, search: string): string | undefined {
  const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
  if (parts[0] !== 'prenotazioni' || !parts[1]) return undefined;
  // Re-encoded so a link with odd characters cannot become another path; a malformed one is left alone.
  const segment = (raw: string) => {
    try {
      return encodeURIComponent(decodeURIComponent(raw));
    } catch {
      return undefined;
    }
  };
  const ente = segment(parts[1]);
  if (!ente) return undefined;
  if (parts.length === 2) return `/enti/${ente}/servizi${search}`;
  const code = parts.length === 4 && parts[2] === 'servizio' && parts[3] ? segment(parts[3]) : undefined;
  return code ? `/enti/${ente}/servizi/${code}${search}` : undefined;
}
