import { createInstance, type Resource } from 'i18next';
import { LOCALES, type Locale, type Translate } from './locale.ts';
import { namespaces, type MessageTree } from './locales/index.ts';

/** Each locale's messages as one tree whose top-level keys are the file names. */
function bundleOf(locale: Locale): Record<string, MessageTree> {
  return Object.fromEntries(Object.entries(namespaces).map(([name, files]) => [name, files[locale]]));
}

const resources: Resource = Object.fromEntries(LOCALES.map((locale) => [locale, { translation: bundleOf(locale) }]));

/**
 * Pacer's one i18next instance (its own, not the global one, so nothing else can reconfigure it).
 * All files live in a single i18next namespace so that keys read `deals.error.amount` with no `deals:`
 * prefix; `nsSeparator: false` keeps a colon in a key from being taken as a namespace.
 */
export const i18n = createInstance();
// Resources are in memory, so with initAsync off init completes before this line returns; the promise
// carries nothing we need.
void i18n.init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  supportedLngs: [...LOCALES],
  defaultNS: 'translation',
  ns: ['translation'],
  nsSeparator: false,
  initAsync: false,
  returnNull: false,
  // Renderers escape user text exactly once, per platform; escaping here would double it.
  interpolation: { escapeValue: false },
});

const translators = new Map<Locale, Translate>();

/**
 * A translate function for one locale, cached. Plurals take a `count` param and i18next picks the
 * `_one/_two/_few/_other` form (plus `_zero` where a file has one).
 *
 *   translator('sl')('time.working_days_left', { count: 3 }) === 'Še 3 delovni dnevi'
 */
export function translator(locale: Locale): Translate {
  let translate = translators.get(locale);
  if (!translate) {
    const fixed = i18n.getFixedT(locale);
    translate = (key, params) => String(fixed(key, params ?? {}));
    translators.set(locale, translate);
  }
  return translate;
}

const PLURAL_SUFFIXES = ['zero', 'one', 'two', 'few', 'many', 'other'];

/**
 * Whether a locale has its own text for a key (not the English fallback). A plural key counts when any
 * of its forms exists.
 */
export function hasKey(key: string, locale: Locale): boolean {
  const has = (k: string): boolean => typeof i18n.getResource(locale, 'translation', k) === 'string';
  return has(key) || PLURAL_SUFFIXES.some((suffix) => has(`${key}_${suffix}`));
}
