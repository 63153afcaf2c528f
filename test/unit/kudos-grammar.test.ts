import { describe, expect, it } from 'vitest';
import type { UserRef } from '../../src/bot/command.ts';
import { fromKudosForm, KUDOS_EXAMPLES, MAX_REASON, MAX_RECEIVERS, MIN_REASON, parseKudos } from '../../src/domain/kudos/kudos.grammar.ts';

const id = (value: string): UserRef => ({ kind: 'id', id: value });
const name = (value: string): UserRef => ({ kind: 'name', name: value });
const ONE = KUDOS_EXAMPLES.one;
const MANY = KUDOS_EXAMPLES.many;

describe('parseKudos: who is thanked', () => {
  it.each([
    ['<@U1> for landing Globex', [id('U1')]],
    ['<@U1> <@U2> for landing Globex', [id('U1'), id('U2')]],
    ['<@U1|alice> for landing Globex', [id('U1')]],
    ['@alice for landing Globex', [name('alice')]],
    ['@alice @bob for landing Globex', [name('alice'), name('bob')]],
    ['@alice, @bob and @carol for landing Globex', [name('alice'), name('bob'), name('carol')]],
    ['<@U1>, <@U2> & <@U3> for landing Globex', [id('U1'), id('U2'), id('U3')]],
    ['@ana in @bor za podpis pogodbe', [name('ana'), name('bor')]],
    ['@ana, @bor ter @cene za podpis pogodbe', [name('ana'), name('bor'), name('cene')]],
    ['<@29:alice> <@29:bob> for landing Globex', [id('29:alice'), id('29:bob')]],
  ])('reads "/kudos %s"', (text, receivers) => {
    const parsed = parseKudos(text);
    expect(parsed.ok && parsed.value.receivers).toEqual(receivers);
  });

  it('thanks the same person named twice once, whatever the case of a typed name', () => {
    expect(parseKudos('<@U1> <@U1> for landing Globex')).toEqual({ ok: true, value: { receivers: [id('U1')], reason: 'landing Globex' } });
    expect(parseKudos('@alice @Alice and @ALICE for landing Globex')).toEqual({ ok: true, value: { receivers: [name('alice')], reason: 'landing Globex' } });
    expect(parseKudos('<@U1> @bob <@U1|alice> for landing Globex')).toEqual({ ok: true, value: { receivers: [id('U1'), name('bob')], reason: 'landing Globex' } });
  });

  it('takes only the leading names as receivers: a name inside the reason stays text', () => {
    expect(parseKudos('@alice for landing Globex with @bob and <@U2>')).toEqual({
      ok: true, value: { receivers: [name('alice')], reason: 'landing Globex with @bob and <@U2>' },
    });
  });

  it(`accepts up to ${MAX_RECEIVERS} people, counted after duplicates are dropped`, () => {
    const twenty = Array.from({ length: MAX_RECEIVERS }, (_, i) => `<@U${String(i).padStart(4, '0')}>`);
    const parsed = parseKudos(`${twenty.join(' ')} ${twenty[0]} for the launch`);
    expect(parsed.ok && parsed.value.receivers).toHaveLength(MAX_RECEIVERS);
  });
});

describe('parseKudos: the reason and the deal', () => {
  it.each([
    ['@alice for landing Globex', 'landing Globex'],
    ['@alice landing Globex', 'landing Globex'],
    ['@alice FOR landing Globex', 'landing Globex'],
    ['@ana za podpis pogodbe', 'podpis pogodbe'],
    ['@alice for for the win', 'for the win'],
    ['  @alice   for   landing   Globex  ', 'landing Globex'],
    ['@alice for 👍👍👍', '👍👍👍'],
  ])('reads the reason of "/kudos %s", "for" optional', (text, reason) => {
    expect(parseKudos(text)).toEqual({ ok: true, value: { receivers: [name(text.trim().split(/\s+/)[0]?.slice(1) ?? '')], reason } });
  });

  it.each([
    ['@alice @bob for landing Globex deal D-42', 42],
    ['@alice @bob for landing Globex deal d42', 42],
    ['@alice @bob for landing Globex deal #42', 42],
    ['@alice @bob for landing Globex deal: D-42', 42],
    ['@alice @bob for landing Globex DEAL 7', 7],
    ['@alice @bob za landing Globex posel 42', 42],
    ['@alice @bob za landing Globex posel: D-42', 42],
  ])('ties "/kudos %s" to a deal', (text, deal) => {
    expect(parseKudos(text)).toEqual({ ok: true, value: { receivers: [name('alice'), name('bob')], reason: 'landing Globex', deal } });
  });

  it('keeps "deal" as text unless a reference ends the reason', () => {
    expect(parseKudos('@alice for the best deal of the year')).toEqual({ ok: true, value: { receivers: [name('alice')], reason: 'the best deal of the year' } });
    expect(parseKudos('@alice for closing deal D-42 in a week')).toEqual({ ok: true, value: { receivers: [name('alice')], reason: 'closing deal D-42 in a week' } });
  });

  it(`accepts ${MIN_REASON} to ${MAX_REASON} characters, counted as characters rather than UTF-16 units`, () => {
    expect(parseKudos('@alice for abc')).toEqual({ ok: true, value: { receivers: [name('alice')], reason: 'abc' } });
    const longest = 'č'.repeat(MAX_REASON);
    expect(parseKudos(`@alice for ${longest}`)).toEqual({ ok: true, value: { receivers: [name('alice')], reason: longest } });
  });

  // BUG (kudos.grammar.ts, parseKudos, the raw-length guard `trimmed.length > MAX_REASON + 400`): the guard
  // counts UTF-16 units of the whole text, so a reason of MAX_REASON emoji (500 characters, 1,000 units),
  // which readReason itself accepts, is refused as too long.
  it(`accepts a reason of ${MAX_REASON} emoji (characters, not UTF-16 units)`, () => {
    const emoji = '👍'.repeat(MAX_REASON);
    expect(parseKudos(`@alice for ${emoji}`)).toEqual({ ok: true, value: { receivers: [name('alice')], reason: emoji } });
  });

  // BUG (same guard): the raw text also counts the people named. Teams user ids are ~90 characters
  // (`29:1GcS4EyB…`), so thanking ten Teams colleagues with a short reason is refused as "too long".
  it('accepts ten Teams colleagues (long ids) with a short reason', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `29:1GcS4EyB_oSI8A88XmWBN7NJFyMqe3QGnJdgLfFaj7DcYTwdQ2xlNnwQr4Sbl5Eb5gWyMtAzwRBWg_d4ydWtUq${i}`);
    const parsed = parseKudos(`${ids.map((i) => `<@${i}>`).join(' ')} for the launch`);
    expect(parsed).toEqual({ ok: true, value: { receivers: ids.map(id), reason: 'the launch' } });
  });

  // BUG (kudos.grammar.ts, parseKudos, the loop over tokens): a joiner is consumed even when no name
  // follows it. JOINERS are "words that may sit between the people named", but `@alice in record time …`
  // loses its "in": the reason is stored as "record time …".
  it('keeps a joiner that is not followed by a name as part of the reason', () => {
    expect(parseKudos('@alice in record time: closed Globex')).toEqual({ ok: true, value: { receivers: [name('alice')], reason: 'in record time: closed Globex' } });
  });
});

describe('parseKudos: refusals, each with its key and an example', () => {
  const tooMany = Array.from({ length: MAX_RECEIVERS + 1 }, (_, i) => `<@U${String(i).padStart(4, '0')}>`).join(' ');
  it.each([
    ['', 'kudos.error.who_missing', {}, ONE],
    ['   ', 'kudos.error.who_missing', {}, ONE],
    ['for landing Globex', 'kudos.error.who_missing', {}, ONE],
    ['alice for landing Globex', 'kudos.error.who_missing', {}, ONE],
    ['for landing Globex @alice', 'kudos.error.who_first', {}, ONE],
    ['landing Globex with <@U1>', 'kudos.error.who_first', {}, ONE],
    ['and @alice for landing Globex', 'kudos.error.who_first', {}, ONE],
    ['@alice', 'kudos.error.reason_missing', {}, ONE],
    ['@alice @bob and', 'kudos.error.reason_missing', {}, ONE],
    ['@alice for', 'kudos.error.reason_missing', {}, ONE],
    ['@alice za', 'kudos.error.reason_missing', {}, ONE],
    ['@alice for deal D-42', 'kudos.error.reason_missing', {}, ONE],
    ['@alice for ok', 'kudos.error.reason_short', { min: MIN_REASON }, ONE],
    ['@alice for 👍👍', 'kudos.error.reason_short', { min: MIN_REASON }, ONE],
    ['@alice for ok deal D-42', 'kudos.error.reason_short', { min: MIN_REASON }, ONE],
    [`@alice for ${'x'.repeat(MAX_REASON + 1)}`, 'kudos.error.too_long', { max: MAX_REASON }, ONE],
    [`@alice for ${'x'.repeat(MAX_REASON + 1)} deal D-42`, 'kudos.error.too_long', { max: MAX_REASON }, ONE],
    // The raw-length guard: a pasted essay is refused before it is split.
    [`@alice for ${'x'.repeat(50_000)}`, 'kudos.error.too_long', { max: MAX_REASON }, ONE],
    [`${'x '.repeat(25_000)}`, 'kudos.error.too_long', { max: MAX_REASON }, ONE],
    [`${tooMany} for the launch`, 'kudos.error.over_limit', { max: MAX_RECEIVERS }, MANY],
    ['@alice @bob for landing Globex deal D-4x', 'kudos.error.deal_invalid', { ref: 'D-4x' }, MANY],
    ['@alice za landing Globex posel 4.2', 'kudos.error.deal_invalid', { ref: '4.2' }, MANY],
    [`@alice for landing Globex deal 4${'x'.repeat(60)}`, 'kudos.error.deal_invalid', { ref: `4${'x'.repeat(39)}` }, MANY],
  ])('refuses "/kudos %s" with %s', (text, key, params, example) => {
    expect(parseKudos(text)).toEqual({ ok: false, error: { kind: 'usage', key, params, example } });
  });
});

describe('fromKudosForm', () => {
  it('reads the same arguments as the command: typed names, the reason, an optional deal', () => {
    expect(fromKudosForm({ who: ' @alice @bob ', reason: ' landing Globex ' })).toEqual({ ok: true, value: { receivers: [name('alice'), name('bob')], reason: 'landing Globex' } });
    expect(fromKudosForm({ who: '@alice, @bob and @carol', reason: 'landing Globex', deal: ' ' })).toEqual({
      ok: true, value: { receivers: [name('alice'), name('bob'), name('carol')], reason: 'landing Globex' },
    });
    expect(fromKudosForm({ who: '@alice', reason: 'landing Globex', deal: 'D-42' })).toEqual({ ok: true, value: { receivers: [name('alice')], reason: 'landing Globex', deal: 42 } });
    expect(fromKudosForm({ who: '@alice', reason: 'landing Globex', deal: '42' })).toEqual({ ok: true, value: { receivers: [name('alice')], reason: 'landing Globex', deal: 42 } });
  });

  it('reads the bare ids a Slack user picker gives, and mentions, thanking each person once', () => {
    expect(fromKudosForm({ who: 'U0123ABC,W0456DEF U0123ABC', reason: 'landing Globex', deal: 'D-42' })).toEqual({
      ok: true, value: { receivers: [id('U0123ABC'), id('W0456DEF')], reason: 'landing Globex', deal: 42 },
    });
    expect(fromKudosForm({ who: '<@U0123ABC> @bob', reason: 'landing Globex' })).toEqual({ ok: true, value: { receivers: [id('U0123ABC'), name('bob')], reason: 'landing Globex' } });
  });

  it('keeps the reason as typed when it starts with "for" or names someone', () => {
    expect(fromKudosForm({ who: '@alice', reason: 'for the launch with @bob' })).toEqual({ ok: true, value: { receivers: [name('alice')], reason: 'for the launch with @bob' } });
  });

  const tooMany = Array.from({ length: MAX_RECEIVERS + 1 }, (_, i) => `U${String(i).padStart(4, '0')}`).join(' ');
  it.each([
    [{ reason: 'landing Globex' }, 'who', 'kudos.error.who_missing', {}, ONE],
    [{ who: '  ', reason: 'landing Globex' }, 'who', 'kudos.error.who_missing', {}, ONE],
    [{ who: 'alice', reason: 'landing Globex' }, 'who', 'kudos.error.who_missing', {}, ONE],
    [{ who: tooMany, reason: 'the launch' }, 'who', 'kudos.error.over_limit', { max: MAX_RECEIVERS }, MANY],
    [{ who: '@alice' }, 'reason', 'kudos.error.reason_missing', {}, ONE],
    [{ who: '@alice', reason: 'ok' }, 'reason', 'kudos.error.reason_short', { min: MIN_REASON }, ONE],
    [{ who: '@alice', reason: 'x'.repeat(MAX_REASON + 1) }, 'reason', 'kudos.error.too_long', { max: MAX_REASON }, ONE],
    [{ who: '@alice', reason: 'landing Globex', deal: 'D-4x' }, 'deal', 'kudos.error.deal_invalid', { ref: 'D-4x' }, MANY],
  ])('refuses %j on the field %s', (values, field, key, params, example) => {
    expect(fromKudosForm(values)).toEqual({ ok: false, error: { [field]: { kind: 'usage', key, params, example, field } } });
  });

  // BUG (kudos.grammar.ts, fromKudosForm): the deal field is appended as `deal <value>` and read by
  // splitDealSuffix, which only recognises a value starting like a reference. A deal field of "Globex"
  // is silently appended to the reason ("landing Globex deal Globex") and the kudos is tied to no deal;
  // it should be refused on the deal field, as fromFeedbackForm refuses it.
  it('refuses a deal field that is not a deal reference, on the deal field', () => {
    expect(fromKudosForm({ who: '@alice', reason: 'landing Globex', deal: 'Globex' })).toEqual({
      ok: false, error: { deal: { kind: 'usage', key: 'kudos.error.deal_invalid', params: { ref: 'Globex' }, example: MANY, field: 'deal' } },
    });
  });
});
