import { describe, expect, it } from 'vitest';
import { mayAct, effectiveRole } from '../../src/bot/roles.ts';
import { checkMove, dealRef, parseDealRef, parseLossReason } from '../../src/domain/deals/deal.ts';
import { parseLostDeal, parseRefArg, parseWonDeal } from '../../src/domain/deals/deal.grammar.ts';
import { parseSetGoal } from '../../src/domain/goals/goal.grammar.ts';

const EN = { numberLocale: 'en' as const, currency: 'EUR' };
const SL = { numberLocale: 'sl' as const, currency: 'EUR' };

describe('deal references', () => {
  it('reads D-42, d42, #42 and 42, and nothing else', () => {
    expect(['D-42', 'd42', '#42', '42', ' D-42 '].map(parseDealRef)).toEqual([42, 42, 42, 42, 42]);
    expect(['D-', 'DD-4', '4.2', 'x42', '', '1234567890'].map(parseDealRef)).toEqual([undefined, undefined, undefined, undefined, undefined, undefined]);
    expect(dealRef(7)).toBe('D-7');
  });
});

describe('deal stages', () => {
  it('move forward one step at a time, and a lost deal stays lost', () => {
    expect(checkMove('won', 'delivered')).toEqual({ ok: true });
    expect(checkMove('delivered', 'serviced')).toEqual({ ok: true });
    expect(checkMove('won', 'serviced')).toEqual({ ok: false, reason: 'not_yet' });
    expect(checkMove('delivered', 'delivered')).toEqual({ ok: false, reason: 'already' });
    expect(checkMove('serviced', 'delivered')).toEqual({ ok: false, reason: 'already' });
    expect(checkMove('lost', 'delivered')).toEqual({ ok: false, reason: 'lost' });
  });

  it('read loss reasons in English and Slovenian', () => {
    expect(['price', 'PRICE', 'cena', 'dobava', 'drugo'].map(parseLossReason)).toEqual(['price', 'price', 'price', 'delivery', 'other']);
    expect(parseLossReason('weather')).toBeUndefined();
  });
});

describe('the /deal grammar', () => {
  it('reads amount, customer and product', () => {
    expect(parseWonDeal('12.5k Acme Corp product: Widgets', EN)).toEqual({ ok: true, value: { outcome: 'won', amount: 1250000n, customer: 'Acme Corp', product: 'Widgets' } });
    expect(parseWonDeal('12,5k Acme izdelek: Pripomočki', SL)).toEqual({ ok: true, value: { outcome: 'won', amount: 1250000n, customer: 'Acme', product: 'Pripomočki' } });
    expect(parseWonDeal('Acme   Corp  900', EN)).toEqual({ ok: true, value: { outcome: 'won', amount: 90000n, customer: 'Acme Corp' } });
  });

  it('reads a lost deal with an optional amount and a required reason', () => {
    expect(parseLostDeal('Globex reason: price', EN)).toEqual({ ok: true, value: { outcome: 'lost', customer: 'Globex', reason: 'price' } });
    expect(parseLostDeal('8000 Initech reason: delivery product: Widgets', EN)).toEqual({
      ok: true,
      value: { outcome: 'lost', amount: 800000n, customer: 'Initech', reason: 'delivery', product: 'Widgets' },
    });
    expect(parseLostDeal('Globex', EN)).toMatchObject({ ok: false, error: { key: 'deals.error.reason_missing', params: { reasons: 'product, price, delivery, service, people, other' } } });
  });

  it('says what is missing, with an example', () => {
    expect(parseWonDeal('Acme Corp', EN)).toMatchObject({ ok: false, error: { key: 'deals.error.amount_missing', example: '/deal 12500 Acme Corp product: Widgets' } });
    expect(parseWonDeal('5000 product: Widgets', EN)).toMatchObject({ ok: false, error: { key: 'deals.error.customer_missing' } });
    expect(parseRefArg('', '/deal delivered D-42')).toMatchObject({ ok: false, error: { key: 'deals.error.ref_missing' } });
  });
});

describe('the /goal set grammar', () => {
  it('reads a rep, a team with a name of several words, the company, deal-count goals and the default period', () => {
    expect(parseSetGoal('<@U1> 50000 month', EN)).toEqual({ ok: true, value: { subject: { scope: 'rep', user: { kind: 'id', id: 'U1' } }, target: 5000000n, metric: 'revenue', period: 'month' } });
    expect(parseSetGoal('@alice 50k', EN)).toMatchObject({ ok: true, value: { subject: { scope: 'rep', user: { kind: 'name', name: 'alice' } }, period: 'month' } });
    expect(parseSetGoal('team East Coast 200000 quarter', EN)).toMatchObject({ ok: true, value: { subject: { scope: 'team', name: 'East Coast' }, target: 20000000n, period: 'quarter' } });
    expect(parseSetGoal('company 1M year', EN)).toMatchObject({ ok: true, value: { subject: { scope: 'company' }, target: 100000000n } });
    expect(parseSetGoal('<@U1> 12 deals week', EN)).toMatchObject({ ok: true, value: { target: 12n, metric: 'deals', period: 'week' } });
  });

  it('refuses what it cannot read', () => {
    expect(parseSetGoal('team 5000 month', EN)).toMatchObject({ ok: false, error: { key: 'goals.error.target_missing' } });
    expect(parseSetGoal('<@U1>', EN)).toMatchObject({ ok: false, error: { key: 'goals.error.target_missing' } });
    expect(parseSetGoal('<@U1> 0 deals', EN)).toMatchObject({ ok: false, error: { key: 'goals.error.count' } });
  });
});

describe('permissions', () => {
  it('ranks rep < manager < admin, and platform admins are admins whatever was granted', () => {
    expect(mayAct('manager', 'rep')).toBe(true);
    expect(mayAct('rep', 'manager')).toBe(false);
    expect(mayAct('manager', 'admin')).toBe(false);
    expect(effectiveRole({ role: 'rep', is_platform_admin: true })).toBe('admin');
    expect(effectiveRole({ role: 'manager', is_platform_admin: false })).toBe('manager');
  });
});
