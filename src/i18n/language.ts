import { createFormats } from './formats-impl.ts';
import type { Formats } from './formats.ts';
import { translator } from './i18n.ts';
import type { Locale, Translate } from './locale.ts';

/** Everything a view needs to speak one language: its words and its formats. */
export interface Language {
  locale: Locale;
  t: Translate;
  fmt: Formats;
}

export const languageOf = (locale: Locale): Language => ({ locale, t: translator(locale), fmt: createFormats(locale) });
