import { describe, expect, it } from 'vitest';
import { COACH_EXAMPLES, MAX_NOTE, parseCoach } from '../../src/domain/coaching/coaching.grammar.ts';

const NOTE_EXAMPLE = COACH_EXAMPLES.note;

describe('parseCoach', () => {
  it('reads a mention and the note after it, trimmed, keeping the note as written', () => {
    expect(parseCoach('<@UALICE> Role-played the pricing objection')).toEqual({
      ok: true,
      value: { kind: 'note', user: { kind: 'id', id: 'UALICE' }, note: 'Role-played the pricing objection' },
    });
    expect(parseCoach('  <@UALICE>   Discovery call:\n  ask about budget first.  ')).toEqual({
      ok: true,
      value: { kind: 'note', user: { kind: 'id', id: 'UALICE' }, note: 'Discovery call:\n  ask about budget first.' },
    });
  });

  it('reads a typed @name, and a note that names someone else', () => {
    expect(parseCoach('@alice Shadowed @bob on the Globex demo')).toEqual({
      ok: true,
      value: { kind: 'note', user: { kind: 'name', name: 'alice' }, note: 'Shadowed @bob on the Globex demo' },
    });
  });

  it('reads the rep alone as a request for their history', () => {
    expect(parseCoach('<@UALICE>')).toEqual({ ok: true, value: { kind: 'history', user: { kind: 'id', id: 'UALICE' } } });
    expect(parseCoach('  @alice  ')).toEqual({ ok: true, value: { kind: 'history', user: { kind: 'name', name: 'alice' } } });
  });

  it(`accepts a note of exactly ${MAX_NOTE} characters (counted as characters, not UTF-16 units)`, () => {
    const note = 'č'.repeat(MAX_NOTE - 2) + '👍';
    const parsed = parseCoach(`<@UALICE> ${note}`);
    expect(parsed).toEqual({ ok: true, value: { kind: 'note', user: { kind: 'id', id: 'UALICE' }, note } });
  });

  it.each([
    ['', 'coaching.error.empty', {}],
    ['   ', 'coaching.error.empty', {}],
    ['Role-played the pricing objection', 'coaching.error.rep_missing', {}],
    ['alice great call', 'coaching.error.rep_missing', {}],
    ['Role-played pricing with <@UALICE>', 'coaching.error.rep_first', {}],
    ['Great demo @alice', 'coaching.error.rep_first', {}],
    [`<@UALICE> ${'x'.repeat(MAX_NOTE + 1)}`, 'coaching.error.too_long', { max: MAX_NOTE }],
    [`<@UALICE> ${'x'.repeat(50_000)}`, 'coaching.error.too_long', { max: MAX_NOTE }],
  ])('refuses %j with %s and an example', (text, key, params) => {
    expect(parseCoach(text)).toEqual({ ok: false, error: { kind: 'usage', key, params, example: NOTE_EXAMPLE } });
  });
});
