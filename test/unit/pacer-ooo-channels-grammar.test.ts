import { describe, expect, it } from 'vitest';
import { CHANNEL_EXAMPLES } from '../../src/domain/channels/channel.grammar.ts';
import { parseDay, parseOoo } from '../../src/domain/members/ooo.grammar.ts';
import { parsePreview, PREVIEW_POSTS } from '../../src/domain/workspaces/preview.grammar.ts';
import { parseConfig } from '../../src/domain/workspaces/workspace.grammar.ts';
import { holidayCalendarOf, holidayColumns, holidaySetting } from '../../src/domain/workspaces/workspace.holidays.ts';
import { hasKey } from '../../src/i18n/i18n.ts';
import { LOCALES } from '../../src/i18n/locale.ts';

const fail = (key: string, params: Record<string, string | number>, example: string) => ({ ok: false, error: { kind: 'usage', key, params, example } });

describe('parseDay', () => {
  it.each([
    ['2026-12-24', '2026-12-24'],
    ['24.12.2026', '2026-12-24'],
    ['24. 12. 2026', '2026-12-24'],
    ['24. 12. 2026.', '2026-12-24'],
    ['1.2.2027', '2027-02-01'],
    ['2028-02-29', '2028-02-29'],
  ])('reads %j as %s', (text, day) => {
    expect(parseDay(text)).toBe(day);
  });

  it.each(['2026-02-30', '2027-02-29', '31.4.2026', '2026-13-01', '24/12/2026', '12/24/2026', '24.12.', 'tomorrow', '2026-12-24T10:00', ''])(
    'refuses %j',
    (text) => {
      expect(parseDay(text)).toBeUndefined();
    },
  );
});

describe('parseOoo', () => {
  const alice = { kind: 'id', id: 'UALICE' } as const;

  it('reads every form, for the caller or for someone named first', () => {
    expect(parseOoo('')).toEqual({ ok: true, value: { kind: 'show' } });
    expect(parseOoo('until 2026-12-24')).toEqual({ ok: true, value: { kind: 'set', until: '2026-12-24' } });
    expect(parseOoo('2026-12-24')).toEqual({ ok: true, value: { kind: 'set', until: '2026-12-24' } });
    expect(parseOoo('do 24. 12. 2026')).toEqual({ ok: true, value: { kind: 'set', until: '2026-12-24' } });
    expect(parseOoo('UNTIL 24.12.2026')).toEqual({ ok: true, value: { kind: 'set', until: '2026-12-24' } });
    expect(parseOoo('off')).toEqual({ ok: true, value: { kind: 'clear' } });
    expect(parseOoo('Back')).toEqual({ ok: true, value: { kind: 'clear' } });
    expect(parseOoo('nazaj')).toEqual({ ok: true, value: { kind: 'clear' } });
    expect(parseOoo('<@UALICE>')).toEqual({ ok: true, value: { kind: 'show', user: alice } });
    expect(parseOoo('<@UALICE> until 2026-12-24')).toEqual({ ok: true, value: { kind: 'set', user: alice, until: '2026-12-24' } });
    expect(parseOoo('@alice off')).toEqual({ ok: true, value: { kind: 'clear', user: { kind: 'name', name: 'alice' } } });
  });

  it.each([
    ['until', 'pacer.ooo.error.date_missing', {}, '/pacer ooo until 2026-12-24'],
    ['<@UALICE> until', 'pacer.ooo.error.date_missing', {}, '/pacer ooo @alice until 2026-12-24'],
    ['until tomorrow', 'pacer.ooo.error.date', { value: 'tomorrow' }, '/pacer ooo until 2026-12-24 · /pacer ooo until 24. 12. 2026'],
    ['until 2026-02-30', 'pacer.ooo.error.date', { value: '2026-02-30' }, '/pacer ooo until 2026-12-24 · /pacer ooo until 24. 12. 2026'],
    ['vacation', 'pacer.ooo.error.date', { value: 'vacation' }, '/pacer ooo until 2026-12-24 · /pacer ooo until 24. 12. 2026'],
    ['<@UALICE> <@UBOB> until 2026-12-24', 'pacer.ooo.error.one_person', {}, '/pacer ooo @alice until 2026-12-24'],
    ['off now', 'pacer.error.extra_words', { text: 'now' }, '/pacer ooo off'],
    [`until ${'9'.repeat(600)}`, 'pacer.error.too_long', { max: 500 }, '/pacer ooo until 2026-12-24'],
  ])('refuses %j with %s', (text, key, params, example) => {
    expect(parseOoo(text)).toEqual(fail(key, params, example));
  });
});

describe('parseConfig channel', () => {
  it('reads a channel for a purpose, in either language, for the workspace or a team', () => {
    expect(parseConfig('channel goals <#C0SALES>')).toEqual({ ok: true, value: { kind: 'channel', purpose: 'goals', target: { kind: 'conversation', id: 'C0SALES' } } });
    expect(parseConfig('channel managers <#C0LEADS|sales-leads>')).toEqual({
      ok: true,
      value: { kind: 'channel', purpose: 'managers', target: { kind: 'conversation', id: 'C0LEADS' } },
    });
    expect(parseConfig('kanal cilji tukaj')).toEqual({ ok: true, value: { kind: 'channel', purpose: 'goals', target: { kind: 'here' } } });
    expect(parseConfig('channel recognition off')).toEqual({ ok: true, value: { kind: 'channel', purpose: 'recognition', target: { kind: 'off' } } });
    expect(parseConfig('channel goals <#C0EAST> team East  Coast')).toEqual({
      ok: true,
      value: { kind: 'channel', purpose: 'goals', target: { kind: 'conversation', id: 'C0EAST' }, team: 'East Coast' },
    });
    expect(parseConfig('channel goals team East Coast here')).toEqual({ ok: true, value: { kind: 'channel', purpose: 'goals', target: { kind: 'here' }, team: 'East Coast' } });
    expect(parseConfig('channel goals off ekipa Vzhod')).toEqual({ ok: true, value: { kind: 'channel', purpose: 'goals', target: { kind: 'off' }, team: 'Vzhod' } });
  });

  const purposes = { purposes: 'goals, managers, recognition' };
  const targetExample = `${CHANNEL_EXAMPLES.goals} · ${CHANNEL_EXAMPLES.here}`;
  it.each([
    ['channel', 'pacer.channel.error.purpose_missing', purposes, CHANNEL_EXAMPLES.goals],
    ['channel digest <#C1>', 'pacer.channel.error.purpose', { purpose: 'digest', ...purposes }, CHANNEL_EXAMPLES.goals],
    ['channel goals', 'pacer.channel.error.target_missing', {}, targetExample],
    ['channel managers', 'pacer.channel.error.target_missing', {}, `${CHANNEL_EXAMPLES.managers} · ${CHANNEL_EXAMPLES.here}`],
    ['channel goals team East', 'pacer.channel.error.target_missing', {}, targetExample],
    ['channel goals #sales', 'pacer.channel.error.plain_name', { text: '#sales' }, CHANNEL_EXAMPLES.here],
    ['channel goals sales', 'pacer.channel.error.target', { text: 'sales' }, targetExample],
    ['channel goals <@UALICE>', 'pacer.channel.error.target', { text: '<@UALICE>' }, targetExample],
    ['channel goals <#C1> <#C2>', 'pacer.error.extra_words', { text: '<#C2>' }, CHANNEL_EXAMPLES.team],
    ['channel goals <#C1> team', 'pacer.team.error.name_missing', {}, CHANNEL_EXAMPLES.team],
  ])('refuses "/pacer config %s" with %s', (text, key, params, example) => {
    expect(parseConfig(text)).toEqual(fail(key, params, example));
  });
});

describe('parseConfig holidays', () => {
  it.each([
    ['holidays SI', 'SI'],
    ['holidays si', 'SI'],
    ['prazniki DE', 'DE'],
    ['holidays US CA', 'US-CA'],
    ['holidays us ca', 'US-CA'],
    ['holidays US-CA', 'US-CA'],
    ['holidays DE by', 'DE-BY'],
    ['holidays off', 'off'],
    ['holidays none', 'off'],
    ['holidays default', 'default'],
  ])('reads "/pacer config %s" as %s', (text, value) => {
    expect(parseConfig(text)).toEqual({ ok: true, value: { kind: 'holidays', value } });
  });

  it.each([
    ['holidays', 'pacer.config.error.holidays_missing', {}, '/pacer config holidays SI'],
    ['holidays XX', 'pacer.config.error.holidays_country', { value: 'XX' }, '/pacer config holidays SI · /pacer config holidays US CA'],
    ['holidays Slovenia', 'pacer.config.error.holidays_country', { value: 'Slovenia' }, '/pacer config holidays SI · /pacer config holidays US CA'],
    ['holidays SI LJ', 'pacer.config.error.holidays_no_regions', { country: 'SI' }, '/pacer config holidays SI'],
    ['holidays US CA NY', 'pacer.error.extra_words', { text: 'NY' }, '/pacer config holidays US CA'],
    ['holidays off please', 'pacer.error.extra_words', { text: 'please' }, '/pacer config holidays SI'],
  ])('refuses "/pacer config %s" with %s', (text, key, params, example) => {
    expect(parseConfig(text)).toEqual(fail(key, params, example));
  });

  it('refuses an unknown region, listing some of the country’s', () => {
    const parsed = parseConfig('holidays CH XX');
    expect(parsed).toEqual(fail('pacer.config.error.holidays_region', { value: 'XX', country: 'CH', regions: 'ZH, BE, LU, UR, SZ, OW, NW, GL, ZG, FR, SO, BS, …' }, '/pacer config holidays CH ZH'));
  });

  it('lists holidays and channel among the settings when the setting is unknown', () => {
    const parsed = parseConfig('digest-channel #sales');
    expect(parsed.ok ? undefined : parsed.error.params).toEqual({ setting: 'digest-channel', settings: 'currency, locale, timezone, holidays, channel' });
  });
});

describe('holiday calendar columns', () => {
  it('round-trip the setting through the columns', () => {
    for (const setting of ['default', 'off', 'SI', 'US-CA']) expect(holidaySetting({ ...holidayColumns(setting), locale: 'en' })).toBe(setting);
  });

  it('resolve to the chosen calendar, the language’s default, or weekends only', () => {
    expect(holidayCalendarOf({ holiday_country: null, holiday_region: null, locale: 'sl' })).toEqual({ holidayCountry: 'SI', holidayRegion: null });
    expect(holidayCalendarOf({ holiday_country: null, holiday_region: null, locale: 'en' })).toEqual({ holidayCountry: null, holidayRegion: null });
    expect(holidayCalendarOf({ holiday_country: '', holiday_region: null, locale: 'sl' })).toEqual({ holidayCountry: null, holidayRegion: null });
    expect(holidayCalendarOf({ holiday_country: 'US', holiday_region: 'CA', locale: 'sl' })).toEqual({ holidayCountry: 'US', holidayRegion: 'CA' });
  });
});

describe('parsePreview', () => {
  it('has the "sending" reply for every post in both languages', () => {
    for (const post of PREVIEW_POSTS) for (const locale of LOCALES) expect(hasKey(`pacer.preview.sending.${post}`, locale), `${locale} ${post}`).toBe(true);
  });

  it('reads the post to preview', () => {
    expect(PREVIEW_POSTS).toEqual(['goals', 'digest', 'what-works', 'winners']);
    expect(parsePreview('winners')).toEqual({ ok: true, value: 'winners' });
    expect(parsePreview('zmagovalci')).toEqual({ ok: true, value: 'winners' });
    expect(parsePreview('goals')).toEqual({ ok: true, value: 'goals' });
    expect(parsePreview(' Cilji ')).toEqual({ ok: true, value: 'goals' });
    expect(parsePreview('digest')).toEqual({ ok: true, value: 'digest' });
    expect(parsePreview('pregled')).toEqual({ ok: true, value: 'digest' });
  });

  it.each([
    ['', 'pacer.preview.error.missing', { posts: 'goals, digest, what-works, winners' }],
    ['losers', 'pacer.preview.error.unknown', { post: 'losers', posts: 'goals, digest, what-works, winners' }],
    ['goals now', 'pacer.error.extra_words', { text: 'now' }],
  ])('refuses %j with %s', (text, key, params) => {
    expect(parsePreview(text)).toEqual(fail(key, params, '/pacer preview goals'));
  });
});
