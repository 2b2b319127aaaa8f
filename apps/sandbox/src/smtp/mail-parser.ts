/** What the mail pages and tests need from a received message (RFC 5322 + MIME subset). */
export interface ParsedMail {
  subject?: string;
  /** The From header, decoded, e.g. `Comune di Trieste <noreply@comune.trieste.example>`. */
  from?: string;
  /** Addresses in the To and Cc headers. */
  to: string[];
  cc: string[];
  date?: string;
  messageId?: string;
  text?: string;
  html?: string;
  attachments: { filename?: string; contentType: string; size: number }[];
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

interface ContentType {
  type: string;
  params: Record<string, string>;
}

/** Header block and body of one entity; header values unfolded, raw (latin1) bytes kept in the body. */
function splitEntity(entity: string): Part {
  const match = /\r?\n\r?\n/.exec(entity);
  const head = match === null ? entity : entity.slice(0, match.index);
  const body = match === null ? '' : entity.slice(match.index + match[0].length);
  const headers = new Map<string, string>();
  for (const field of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = field.indexOf(':');
    if (colon <= 0) continue;
    const name = field.slice(0, colon).trim().toLowerCase();
    const value = field.slice(colon + 1).trim();
    headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
  }
  return { headers, body };
}

function decodeCharset(bytes: Buffer, charset = 'utf-8'): string {
  try {
    return new TextDecoder(charset.toLowerCase()).decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

function quotedPrintable(text: string): Buffer {
  const softBreaksRemoved = text.replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < softBreaksRemoved.length; i++) {
    const hex = softBreaksRemoved.slice(i + 1, i + 3);
    if (softBreaksRemoved[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(softBreaksRemoved.charCodeAt(i) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 2047 encoded words (`=?UTF-8?B?…?=`, `=?iso-8859-1?Q?…?=`) in a header value given as latin1 bytes. */
export function decodeHeader(value: string): string {
  const text = decodeCharset(Buffer.from(value, 'latin1'));
  return text
    .replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?)/g, '$1')
    .replace(
      /=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g,
      (_, charset: string, encoding: string, data: string) =>
        decodeCharset(
          encoding.toUpperCase() === 'B'
            ? Buffer.from(data, 'base64')
            : quotedPrintable(data.replace(/_/g, ' ')),
          charset,
        ),
    );
}

function contentTypeOf(value: string | undefined, fallback: string): ContentType {
  const [type = fallback, ...params] = (value ?? fallback).split(';');
  const parsed: Record<string, string> = {};
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq <= 0) continue;
    parsed[param.slice(0, eq).trim().toLowerCase()] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
  }
  return { type: type.trim().toLowerCase(), params: parsed };
}

function bodyBytes(part: Part): Buffer {
  const encoding = (part.headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return quotedPrintable(part.body);
  return Buffer.from(part.body, 'latin1');
}

/** Addresses in an address-list header: the part inside <…>, or the bare address. */
export function addressesIn(value: string | undefined): string[] {
  if (value === undefined) return [];
  return [...value.matchAll(/<([^<>\s]+@[^<>\s]+)>|([^\s<>,;"]+@[^\s<>,;"]+)/g)].map(
    (match) => (match[1] ?? match[2])!,
  );
}

function walk(part: Part, into: ParsedMail, defaultType = 'text/plain'): void {
  const contentType = contentTypeOf(part.headers.get('content-type'), defaultType);
  if (contentType.type.startsWith('multipart/') && contentType.params.boundary) {
    const boundary = `--${contentType.params.boundary}`;
    const sections = part.body.split(
      new RegExp(`\\r?\\n?${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    // sections[0] is the preamble; a section starting with "--" is the closing delimiter and epilogue.
    for (const section of sections.slice(1)) {
      if (section.startsWith('--')) break;
      walk(
        splitEntity(section.replace(/^[ \t]*\r?\n/, '')),
        into,
        contentType.type === 'multipart/digest' ? 'message/rfc822' : 'text/plain',
      );
    }
    return;
  }
  const disposition = contentTypeOf(part.headers.get('content-disposition'), 'inline');
  const filename = disposition.params.filename ?? contentType.params.name;
  const isAttachment = disposition.type === 'attachment' || filename !== undefined;
  const bytes = bodyBytes(part);
  if (!isAttachment && contentType.type === 'text/plain' && into.text === undefined) {
    into.text = decodeCharset(bytes, contentType.params.charset);
  } else if (!isAttachment && contentType.type === 'text/html' && into.html === undefined) {
    into.html = decodeCharset(bytes, contentType.params.charset);
  } else {
    into.attachments.push({
      ...(filename !== undefined ? { filename: decodeHeader(filename) } : {}),
      contentType: contentType.type,
      size: bytes.length,
    });
  }
}

/** Reads a message as received by SMTP: headers, the text and HTML bodies, attachment names and sizes. */
export function parseMail(raw: Buffer): ParsedMail {
  const root = splitEntity(raw.toString('latin1'));
  const header = (name: string) => {
    const value = root.headers.get(name);
    return value === undefined ? undefined : decodeHeader(value);
  };
  const mail: ParsedMail = {
    to: addressesIn(header('to')),
    cc: addressesIn(header('cc')),
    attachments: [],
  };
  const fields = {
    subject: header('subject'),
    from: header('from'),
    date: header('date'),
    messageId: header('message-id'),
  };
  for (const [key, value] of Object.entries(fields))
    if (value !== undefined) Object.assign(mail, { [key]: value });
  walk(root, mail);
  return mail;
}
