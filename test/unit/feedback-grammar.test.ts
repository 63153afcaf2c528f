import { describe, expect, it } from 'vitest';
import { EXAMPLES, MAX_TEXT_LENGTH, parseKind, parseVoteValue, voteValue } from '../../src/domain/feedback/feedback.ts';
import { fromFeedbackForm, parseFeedback, parseList } from '../../src/domain/feedback/feedback.grammar.ts';

describe('parseFeedback', () => {
  it.each([
    ['customer They want annual billing', { kind: 'customer', text: 'They want annual billing' }],
    ['product Widgets ship too slowly', { kind: 'product', text: 'Widgets ship too slowly' }],
    ['technique Leading with the ROI calculator closed Globex', { kind: 'technique', text: 'Leading with the ROI calculator closed Globex' }],
    ['TECHNIQUE  Led with ROI ', { kind: 'technique', text: 'Led with ROI' }],
    ['stranka Želijo letno obračunavanje', { kind: 'customer', text: 'Želijo letno obračunavanje' }],
    ['Kupec Želijo popust', { kind: 'customer', text: 'Želijo popust' }],
    ['izdelek Dostava je prepočasna', { kind: 'product', text: 'Dostava je prepočasna' }],
    ['produkt Dostava je prepočasna', { kind: 'product', text: 'Dostava je prepočasna' }],
    ['tehnika Kalkulator donosnosti na začetku', { kind: 'technique', text: 'Kalkulator donosnosti na začetku' }],
  ])('reads "/feedback %s"', (text, value) => {
    expect(parseFeedback(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['technique Led with the ROI calculator deal D-42', 42],
    ['technique Led with the ROI calculator deal d42', 42],
    ['technique Led with the ROI calculator deal #42', 42],
    ['technique Led with the ROI calculator deal 42', 42],
    ['technique Led with the ROI calculator deal: D-42', 42],
    ['technique Led with the ROI calculator DEAL D-7', 7],
    ['tehnika Led with the ROI calculator posel D-42', 42],
    ['tehnika Led with the ROI calculator posel: 42', 42],
  ])('ties "/feedback %s" to a deal', (text, deal) => {
    expect(parseFeedback(text)).toEqual({ ok: true, value: { kind: 'technique', text: 'Led with the ROI calculator', deal } });
  });

  it('keeps "deal" as text unless a reference follows it at the very end', () => {
    expect(parseFeedback('customer They want a better deal')).toEqual({ ok: true, value: { kind: 'customer', text: 'They want a better deal' } });
    expect(parseFeedback('customer They want a better deal soon')).toEqual({ ok: true, value: { kind: 'customer', text: 'They want a better deal soon' } });
    expect(parseFeedback('customer deal D-42 was slow to ship, they said')).toEqual({ ok: true, value: { kind: 'customer', text: 'deal D-42 was slow to ship, they said' } });
  });

  it('keeps the text as written, newlines too', () => {
    expect(parseFeedback('customer  First line\n  second line  ')).toEqual({ ok: true, value: { kind: 'customer', text: 'First line\n  second line' } });
  });

  it(`accepts 3 to ${MAX_TEXT_LENGTH} characters, counted as characters rather than UTF-16 units`, () => {
    expect(parseFeedback('product 👍👍👍')).toEqual({ ok: true, value: { kind: 'product', text: '👍👍👍' } });
    const longest = 'č'.repeat(MAX_TEXT_LENGTH - 1) + '👍';
    expect(parseFeedback(`product ${longest}`)).toEqual({ ok: true, value: { kind: 'product', text: longest } });
  });

  it.each([
    ['', 'feedback.error.kind_missing', {}, EXAMPLES.customer],
    ['   ', 'feedback.error.kind_missing', {}, EXAMPLES.customer],
    ['They want annual billing', 'feedback.error.kind_unknown', { word: 'They' }, EXAMPLES.customer],
    ['constructor is not a kind', 'feedback.error.kind_unknown', { word: 'constructor' }, EXAMPLES.customer],
    ['customer', 'feedback.error.text_missing', {}, EXAMPLES.customer],
    ['technique deal D-42', 'feedback.error.text_missing', {}, EXAMPLES.technique],
    ['product ok', 'feedback.error.text_too_short', { min: 3 }, EXAMPLES.product],
    ['product 👍👍', 'feedback.error.text_too_short', { min: 3 }, EXAMPLES.product],
    [`product ${'x'.repeat(MAX_TEXT_LENGTH + 1)}`, 'feedback.error.text_too_long', { max: MAX_TEXT_LENGTH }, EXAMPLES.product],
    [`customer ${'x'.repeat(50_000)}`, 'feedback.error.text_too_long', { max: MAX_TEXT_LENGTH }, EXAMPLES.customer],
    ['technique Led with ROI deal D-42x', 'feedback.error.ref_invalid', { ref: 'D-42x' }, EXAMPLES.technique],
    ['stranka Želijo popust posel 4.2', 'feedback.error.ref_invalid', { ref: '4.2' }, EXAMPLES.customer],
  ])('refuses "/feedback %s" with %s and an example', (text, key, params, example) => {
    expect(parseFeedback(text)).toEqual({ ok: false, error: { kind: 'usage', key, params, example } });
  });
});

describe('parseList', () => {
  it.each([
    ['', {}],
    ['  ', {}],
    ['customer', { kind: 'customer' }],
    ['Technique', { kind: 'technique' }],
    ['izdelek', { kind: 'product' }],
    ['tehnika', { kind: 'technique' }],
  ])('reads "/feedback list %s"', (text, value) => {
    expect(parseList(text)).toEqual({ ok: true, value });
  });

  it.each([['everything'], ['customer technique'], ['month']])('refuses "/feedback list %s" with an example', (text) => {
    expect(parseList(text)).toEqual({ ok: false, error: { kind: 'usage', key: 'feedback.error.list_unknown', params: { word: text }, example: EXAMPLES.list } });
  });
});

describe('fromFeedbackForm', () => {
  it('reads the same arguments as the text, the deal optional', () => {
    expect(fromFeedbackForm({ kind: 'customer', text: ' They want annual billing ' })).toEqual({ ok: true, value: { kind: 'customer', text: 'They want annual billing' } });
    expect(fromFeedbackForm({ kind: 'technique', text: 'Led with ROI', deal: ' ' })).toEqual({ ok: true, value: { kind: 'technique', text: 'Led with ROI' } });
    expect(fromFeedbackForm({ kind: 'technique', text: 'Led with ROI', deal: 'D-42' })).toEqual({ ok: true, value: { kind: 'technique', text: 'Led with ROI', deal: 42 } });
  });

  it.each([
    [{ text: 'They want annual billing' }, 'kind', 'feedback.error.kind_missing', {}, EXAMPLES.customer],
    [{ kind: 'banana', text: 'They want annual billing' }, 'kind', 'feedback.error.kind_missing', {}, EXAMPLES.customer],
    [{ kind: 'customer' }, 'text', 'feedback.error.text_missing', {}, EXAMPLES.customer],
    [{ kind: 'product', text: 'no' }, 'text', 'feedback.error.text_too_short', { min: 3 }, EXAMPLES.product],
    [{ kind: 'product', text: 'x'.repeat(MAX_TEXT_LENGTH + 1) }, 'text', 'feedback.error.text_too_long', { max: MAX_TEXT_LENGTH }, EXAMPLES.product],
    [{ kind: 'technique', text: 'Led with ROI', deal: 'Globex' }, 'deal', 'feedback.error.ref_invalid', { ref: 'Globex' }, EXAMPLES.technique],
  ])('refuses %j on the field %s', (values, field, key, params, example) => {
    expect(fromFeedbackForm(values)).toEqual({ ok: false, error: { [field]: { kind: 'usage', key, params, example, field } } });
  });
});

describe('kinds and +1 button values', () => {
  it('reads the kind words of both languages and nothing else', () => {
    expect(['customer', 'stranka', 'kupec', 'product', 'izdelek', 'produkt', 'technique', 'tehnika'].map(parseKind)).toEqual([
      'customer', 'customer', 'customer', 'product', 'product', 'product', 'technique', 'technique',
    ]);
    expect(parseKind('toString')).toBeUndefined();
    expect(parseKind('list')).toBeUndefined();
  });

  it('round-trips a bare technique and one in a post of the workspace or a team', () => {
    const from = new Date('2026-11-13T14:00:00Z');
    const to = new Date('2026-11-20T14:00:00Z');
    expect(voteValue(7)).toBe('7');
    expect(parseVoteValue('7')).toEqual({ feedbackId: 7 });
    expect(voteValue(7, { from, to, teamId: null })).toBe(`7:${from.getTime()}:${to.getTime()}`);
    expect(parseVoteValue(voteValue(7, { from, to, teamId: null }))).toEqual({ feedbackId: 7, post: { from, to, teamId: null } });
    expect(parseVoteValue(voteValue(7, { from, to, teamId: 3 }))).toEqual({ feedbackId: 7, post: { from, to, teamId: 3 } });
  });

  it.each([[undefined], [''], ['abc'], ['7:'], ['7:1'], ['-7'], ['7:200:100'], ['7:100:100'], ['7:1:2:x'], ['7:1:2:3:4'], ['1234567890']])(
    'refuses the value %j',
    (value) => {
      expect(parseVoteValue(value)).toBeUndefined();
    },
  );
});
