import { describe, expect, it } from 'vitest';
import { DIAGNOSE_EXAMPLES, MAX_DIAGNOSE_TEXT, parseDiagnose } from '../../src/domain/diagnosis/diagnosis.grammar.ts';

const ALL_EXAMPLES = '/diagnose · /diagnose team East · /diagnose @alice';

describe('parseDiagnose', () => {
  it('reads nothing as the company this month', () => {
    expect(parseDiagnose('')).toEqual({ ok: true, value: { target: { kind: 'company' }, period: 'month' } });
    expect(parseDiagnose('   ')).toEqual({ ok: true, value: { target: { kind: 'company' }, period: 'month' } });
  });

  it('reads the company by word, in English or Slovenian, with or without a period', () => {
    expect(parseDiagnose('company')).toEqual({ ok: true, value: { target: { kind: 'company' }, period: 'month' } });
    expect(parseDiagnose('Podjetje četrtletje')).toEqual({ ok: true, value: { target: { kind: 'company' }, period: 'quarter' } });
    expect(parseDiagnose('quarter')).toEqual({ ok: true, value: { target: { kind: 'company' }, period: 'quarter' } });
    expect(parseDiagnose('WEEK')).toEqual({ ok: true, value: { target: { kind: 'company' }, period: 'week' } });
  });

  it('reads a team by name, the name running to a final period word', () => {
    expect(parseDiagnose('team East')).toEqual({ ok: true, value: { target: { kind: 'team', name: 'East' }, period: 'month' } });
    expect(parseDiagnose('team North East quarter')).toEqual({ ok: true, value: { target: { kind: 'team', name: 'North East' }, period: 'quarter' } });
    expect(parseDiagnose('ekipa Vzhod teden')).toEqual({ ok: true, value: { target: { kind: 'team', name: 'Vzhod' }, period: 'week' } });
  });

  it('keeps the first word of a team name even when it is a period word', () => {
    expect(parseDiagnose('team Week')).toEqual({ ok: true, value: { target: { kind: 'team', name: 'Week' }, period: 'month' } });
    expect(parseDiagnose('team Week week')).toEqual({ ok: true, value: { target: { kind: 'team', name: 'Week' }, period: 'week' } });
  });

  it('reads a rep by mention or typed @name, with an optional period', () => {
    expect(parseDiagnose('<@UALICE>')).toEqual({ ok: true, value: { target: { kind: 'rep', user: { kind: 'id', id: 'UALICE' } }, period: 'month' } });
    expect(parseDiagnose('@alice week')).toEqual({ ok: true, value: { target: { kind: 'rep', user: { kind: 'name', name: 'alice' } }, period: 'week' } });
  });

  it.each([
    ['bananas', 'diagnosis.error.subject', { subject: 'bananas' }, ALL_EXAMPLES],
    ['East', 'diagnosis.error.subject', { subject: 'East' }, ALL_EXAMPLES],
    ['fortnight team East', 'diagnosis.error.subject', { subject: 'fortnight' }, ALL_EXAMPLES],
    ['team', 'diagnosis.error.team_missing', {}, DIAGNOSE_EXAMPLES.team],
    ['team East year', 'diagnosis.error.year', {}, DIAGNOSE_EXAMPLES.period],
    ['year', 'diagnosis.error.year', {}, DIAGNOSE_EXAMPLES.period],
    ['@alice year', 'diagnosis.error.year', {}, DIAGNOSE_EXAMPLES.period],
    ['@alice fortnight', 'diagnosis.error.after', { text: 'fortnight' }, DIAGNOSE_EXAMPLES.period],
    ['<@UALICE> <@UBOB>', 'diagnosis.error.after', { text: '<@UBOB>' }, DIAGNOSE_EXAMPLES.period],
    ['company month please', 'diagnosis.error.after', { text: 'month please' }, DIAGNOSE_EXAMPLES.period],
    ['month quarter', 'diagnosis.error.subject', { subject: 'month' }, ALL_EXAMPLES],
    [`team ${'x'.repeat(MAX_DIAGNOSE_TEXT)}`, 'diagnosis.error.too_long', { max: MAX_DIAGNOSE_TEXT }, DIAGNOSE_EXAMPLES.team],
  ])('refuses %j with %s and an example', (text, key, params, example) => {
    expect(parseDiagnose(text)).toEqual({ ok: false, error: { kind: 'usage', key, params, example } });
  });
});
