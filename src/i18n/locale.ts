/** Languages Pacer speaks. Number, currency and date formats follow the same locale. */
export const LOCALES = ['en', 'sl'] as const;
export type Locale = (typeof LOCALES)[number];

export const isLocale = (value: string): value is Locale => (LOCALES as readonly string[]).includes(value);

/** Maps a platform locale such as `sl-SI` or `en-US` to a language Pacer speaks, if any. */
export function toLocale(platformLocale: string | undefined | null): Locale | undefined {
  const language = platformLocale?.toLowerCase().split(/[-_]/)[0];
  return language && isLocale(language) ? language : undefined;
}

/** Translates a key with interpolation params, in one locale. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;
