import { DomainError } from '../errors';

/**
 * The App IO limits on a message's content (NewMessage.content in the IO Services API): a subject
 * of 10–120 characters and a markdown body of 80–10,000. Lengths are counted as IO's validator
 * counts them (UTF-16 code units), so what passes here is never refused by IO for its length.
 */
export const MESSAGE_LIMITS = {
  subject: { min: 10, max: 120 },
  markdown: { min: 80, max: 10_000 },
} as const;

export interface MessageText {
  subject: string;
  markdown: string;
}

export type MessageLocale = 'it' | 'en';

/** A template of an ente for one event, in Italian and optionally English. */
export interface MessageTemplateText {
  it: MessageText;
  en?: MessageText;
}

const VARIABLE = /\{\{\s*([A-Za-z][A-Za-z0-9_.]*)\s*\}\}/g;

/** The variables a text refers to, each once, in order of first use. */
export function templateVariables(text: string): string[] {
  return [...new Set([...text.matchAll(VARIABLE)].map((match) => match[1] as string))];
}

/**
 * Replaces every `{{name}}` with its value. A variable the caller did not supply is an error, not
 * an empty string: a message reading "your fee of € is due" must never reach a citizen.
 */
export function renderText(text: string, variables: Readonly<Record<string, string>>, field: string): string {
  const missing = templateVariables(text).filter((name) => !Object.hasOwn(variables, name));
  if (missing.length > 0) {
    throw new DomainError(
      'MISSING_TEMPLATE_VARIABLE',
      `The template's ${field} uses ${missing.map((name) => `{{${name}}}`).join(', ')}, which the request does not supply.`,
      { field, missing },
    );
  }
  return text.replace(VARIABLE, (_match, name: string) => variables[name] as string);
}

/** Throws when the subject or markdown is outside IO's limits, naming the field and the count. */
export function checkMessageText(text: MessageText): MessageText {
  for (const field of ['subject', 'markdown'] as const) {
    const { min, max } = MESSAGE_LIMITS[field];
    const length = text[field].length;
    if (length < min || length > max) {
      throw new DomainError(
        'INVALID_MESSAGE_LENGTH',
        `The message ${field} is ${length} characters long; App IO accepts ${min} to ${max}.`,
        { field, length, min, max },
      );
    }
  }
  return text;
}

/**
 * The text a citizen receives: the template in their language (Italian when there is no English
 * version), variables filled in, checked against IO's limits after rendering.
 */
export function renderMessage(
  template: MessageTemplateText,
  variables: Readonly<Record<string, string>>,
  locale: MessageLocale = 'it',
): MessageText {
  const text = (locale === 'en' ? template.en : undefined) ?? template.it;
  return checkMessageText({
    subject: renderText(text.subject, variables, 'subject'),
    markdown: renderText(text.markdown, variables, 'markdown'),
  });
}

/** Checks a template when it is saved: each language's text must be able to render within the limits' maxima. */
export function checkTemplateText(template: MessageTemplateText): MessageTemplateText {
  for (const [locale, text] of Object.entries(template) as [MessageLocale, MessageText | undefined][]) {
    if (!text) continue;
    for (const field of ['subject', 'markdown'] as const) {
      if (text[field].trim().length === 0 || text[field].length > MESSAGE_LIMITS[field].max) {
        throw new DomainError(
          'INVALID_MESSAGE_LENGTH',
          `The ${locale} ${field} of the template must be non-empty and at most ${MESSAGE_LIMITS[field].max} characters.`,
          { field: `${locale}.${field}` },
        );
      }
    }
  }
  return template;
}

/** The languages SUS writes messages in, in the order a template falls back through. */
export const MESSAGE_LOCALES: readonly MessageLocale[] = ['it', 'en'];

/**
 * The language to write to a citizen in, from the `preferred_languages` of their App IO profile
 * (`it_IT`, `en_GB`, `de_DE`…, most preferred first): the first one SUS writes in, so a citizen
 * preferring German then English reads English. Undefined when IO names none SUS writes in: the
 * sender's own choice stands.
 */
export function messageLocaleFor(
  preferredLanguages: readonly string[] | undefined,
): MessageLocale | undefined {
  for (const language of preferredLanguages ?? []) {
    const prefix = language.slice(0, 2).toLowerCase();
    const locale = MESSAGE_LOCALES.find((candidate) => candidate === prefix);
    if (locale) return locale;
  }
  return undefined;
}
