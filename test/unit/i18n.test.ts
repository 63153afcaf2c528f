import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasKey, i18n, translator } from '../../src/i18n/i18n.ts';
import { LOCALES, type Locale } from '../../src/i18n/locale.ts';
import { namespaces } from '../../src/i18n/locales/index.ts';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Every leaf key of a locale as i18next holds it, so files added later are covered without edits here. */
function leaves(locale: Locale): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (node: unknown, prefix: string): void => {
    if (typeof node === 'string') {
      out.set(prefix, node);
      return;
    }
    expect(node, `${locale}: ${prefix} must be text or nested keys`).toBeTypeOf('object');
    for (const [key, child] of Object.entries(node as Record<string, unknown>)) {
      walk(child, prefix ? `${prefix}.${key}` : key);
    }
  };
  walk(i18n.getResourceBundle(locale, 'translation'), '');
  return out;
}

/** Keys with plural forms folded into their base key, each with the union of its params. */
function baseKeys(locale: Locale): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [key, text] of leaves(locale)) {
    const base = key.replace(PLURAL, '');
    const params = out.get(base) ?? new Set<string>();
    for (const match of text.matchAll(/\{\{\s*([^,}\s]+)/g)) params.add(match[1] ?? '');
    out.set(base, params);
  }
  return out;
}

describe('message files', () => {
  it('are all loaded', () => {
    const bundle = i18n.getResourceBundle('en', 'translation') as Record<string, unknown>;
    expect(Object.keys(bundle).sort()).toEqual(Object.keys(namespaces).sort());
    expect(leaves('en').size).toBeGreaterThan(20);
  });

  it('on disk are all listed in locales/index.ts, in every locale', () => {
    const dir = fileURLToPath(new URL('../../src/i18n/locales/', import.meta.url));
    for (const locale of LOCALES) {
      const files = readdirSync(`${dir}${locale}`)
        .filter((f) => f.endsWith('.json'))
        .map((f) => f.replace(/\.json$/, ''));
      expect(files.sort(), `files in locales/${locale}`).toEqual(Object.keys(namespaces).sort());
    }
  });

  it('have the same keys in en and sl, plural forms compared by base key', () => {
    const en = [...baseKeys('en').keys()].sort();
    const sl = [...baseKeys('sl').keys()].sort();
    expect(sl.filter((k) => !en.includes(k)), 'only in sl').toEqual([]);
    expect(en.filter((k) => !sl.includes(k)), 'only in en').toEqual([]);
  });

  it('use the same interpolation params per key in en and sl', () => {
    const en = baseKeys('en');
    const sl = baseKeys('sl');
    for (const [key, params] of en) {
      expect([...(sl.get(key) ?? [])].sort(), key).toEqual([...params].sort());
    }
  });

  it('give every plural key each form its language needs', () => {
    for (const locale of LOCALES) {
      const keys = [...leaves(locale).keys()];
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      const bases = new Set(keys.filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const base of bases) {
        for (const category of categories) expect(keys, `${locale}: ${base}`).toContain(`${base}_${category}`);
      }
    }
  });

  it('have no empty text', () => {
    for (const locale of LOCALES) {
      for (const [key, text] of leaves(locale)) expect(text.trim(), `${locale}: ${key}`).not.toBe('');
    }
  });
});

describe('translator', () => {
  const en = translator('en');
  const sl = translator('sl');

  it('returns the locale’s text with params, unescaped', () => {
    expect(en('common.example', { example: '/deal 12500 Acme & Co' })).toBe('Example: /deal 12500 Acme & Co');
    expect(sl('common.example', { example: '<b>' })).toBe('Primer: <b>');
    expect(sl('common.error.forbidden', { role: sl('common.roles.manager') })).toBe('To lahko stori samo vodja.');
    expect(en('common.error.forbidden', { role: en('common.roles.manager') })).toBe('Only managers can do that.');
    expect(sl('money.error.wrong_currency', { input: '12500 USD', currency: 'EUR' })).toBe(
      '»12500 USD« je v drugi valuti: ta delovni prostor uporablja EUR.',
    );
  });

  it('picks Slovenian plural forms', () => {
    const days = (count: number): string => sl('time.working_days_left', { count });
    expect(days(0)).toBe('Ni več delovnih dni');
    expect(days(1)).toBe('Še 1 delovni dan');
    expect(days(2)).toBe('Še 2 delovna dneva');
    expect(days(3)).toBe('Še 3 delovni dnevi');
    expect(days(4)).toBe('Še 4 delovni dnevi');
    expect(days(5)).toBe('Še 5 delovnih dni');
    expect(days(101)).toBe('Še 101 delovni dan');
    expect(days(102)).toBe('Še 102 delovna dneva');
    expect(sl('time.weeks_left', { count: 2 })).toBe('Še 2 tedna');
  });

  it('picks English plural forms', () => {
    expect(en('time.working_days_left', { count: 1 })).toBe('1 working day left');
    expect(en('time.working_days_left', { count: 3 })).toBe('3 working days left');
    expect(en('time.weeks_left', { count: 0 })).toBe('No weeks left');
  });

  it('is cached per locale', () => {
    expect(translator('sl')).toBe(sl);
  });

  it('returns the key itself for a missing key rather than null', () => {
    expect(sl('nope.missing')).toBe('nope.missing');
  });
});

describe('hasKey', () => {
  it('knows plain and plural keys, per locale', () => {
    expect(hasKey('common.error.try_again', 'sl')).toBe(true);
    expect(hasKey('time.working_days_left', 'sl')).toBe(true);
    expect(hasKey('time.working_days_left', 'en')).toBe(true);
    expect(hasKey('common.error', 'en')).toBe(false);
    expect(hasKey('nope.missing', 'en')).toBe(false);
  });
});
