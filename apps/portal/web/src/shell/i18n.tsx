import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages, type MessageKey } from './messages';

export type Language = 'it' | 'en';
export const LANGUAGES: readonly Language[] = ['it', 'en'];
const STORAGE_KEY = 'sus.language';

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  /** The message in the current language, with `{name}` placeholders filled in. */
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** Dates and amounts the way the current language writes them. */
  formatDate(isoDate: string): string;
  formatDateTime(isoDateTime: string): string;
  formatCents(cents: number): string;
}

const I18nContext = createContext<I18n | undefined>(undefined);

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  return stored === 'en' || stored === 'it' ? stored : 'it';
}

/** Italian first (the citizen can switch to English; the choice is kept in this browser). */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const locale = language === 'it' ? 'it-IT' : 'en-GB';
    const dateFormat = new Intl.DateTimeFormat(locale, {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'Europe/Rome',
    });
    const dateTimeFormat = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'Europe/Rome',
    });
    const money = new Intl.NumberFormat(locale, { style: 'currency', currency: 'EUR' });
    return {
      language,
      setLanguage,
      t: (key, values) =>
        messages[language][key].replace(/\{(\w+)\}/g, (_, name: string) =>
          String(values?.[name] ?? `{${name}}`),
        ),
      // A civil date (YYYY-MM-DD) is a day in Rome: read at noon UTC so no time zone moves it.
      formatDate: (isoDate) => dateFormat.format(new Date(`${isoDate.slice(0, 10)}T12:00:00Z`)),
      formatDateTime: (isoDateTime) => dateTimeFormat.format(new Date(isoDateTime)),
      formatCents: (cents) => money.format(cents / 100),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
