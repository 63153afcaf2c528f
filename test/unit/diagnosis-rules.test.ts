import { describe, expect, it } from 'vitest';
import type { LossReason } from '../../src/domain/deals/deal.table.ts';
import type { Diagnosis, DiagnosisInput, Evidence, Findings, NextStep, ProductFacts, RankedCause, ReasonCounts, RepFacts, WindowFacts, Working } from '../../src/domain/diagnosis/diagnosis.ts';
import { findings, RULES } from '../../src/domain/diagnosis/diagnosis.rules.ts';
import { diagnosisBlocks, diagnosisMessage } from '../../src/domain/diagnosis/diagnosis.views.ts';
import { computePace } from '../../src/domain/goals/pace.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { fallbackText } from '../../src/messages/fallback.ts';

/*
 * Constructed histories: a healthy team of four halfway through a month, and the same team with one
 * problem planted at a time. Each planted problem must come out as the first cause.
 */

const reasons = (counts: Partial<ReasonCounts> = {}): ReasonCounts => ({ product: 0, price: 0, delivery: 0, service: 0, people: 0, other: 0, ...counts });

/** Three usual months: 60 won, 27 lost, spread over every reason. */
const USUAL: WindowFacts = {
  won: 60,
  wonMinor: 60_000_00n * 10n,
  lost: reasons({ product: 5, price: 6, delivery: 4, service: 4, people: 3, other: 5 }),
  medianDealMinor: 10_000_00,
  delivered: 55,
  medianDeliveryDays: 5,
  productFeedback: 6,
  customerFeedback: 9,
};

/** Half of this month: 20 won, 8 lost in the usual proportions, delivered as fast as usual. */
const NOW: WindowFacts = {
  won: 20,
  wonMinor: 20_000_00n * 10n,
  lost: reasons({ product: 1, price: 2, delivery: 1, service: 1, people: 1, other: 2 }),
  medianDealMinor: 10_200_00,
  delivered: 15,
  medianDeliveryDays: 5,
  productFeedback: 1,
  customerFeedback: 2,
};

const product = (name: string, won: number, lost: Partial<ReasonCounts> = {}, extra: Partial<ProductFacts> = {}): ProductFacts => ({
  product: name, won, lost: reasons(lost), stuck: 0, feedback: 0, ...extra,
});

const rep = (memberId: number, name: string, attainment: number | undefined, extra: Partial<RepFacts> = {}): RepFacts => ({
  memberId,
  name,
  judged: true,
  ...(attainment !== undefined && { attainment }),
  won: 5,
  wonMinor: 5_000_00n * 10n,
  lost: reasons(),
  overdueTrainings: 0,
  daysSinceCoaching: 10,
  ...extra,
});

const TEAM: RepFacts[] = [rep(1, 'Alice', 0.5), rep(2, 'Bob', 0.55), rep(3, 'Carol', 0.45), rep(4, 'Dave', 0.5)];

function history(overrides: Partial<DiagnosisInput> = {}): DiagnosisInput {
  return {
    pace: 'behind',
    elapsed: 0.5,
    usualPeriods: 3,
    now: NOW,
    usual: USUAL,
    stuck: 0,
    products: [product('Widgets', 10, { product: 1, price: 1 }), product('Gadgets', 10, { price: 1, delivery: 1, service: 1, people: 1, other: 2 })],
    reps: TEAM,
    ...overrides,
  };
}

const now = (overrides: Partial<WindowFacts>): WindowFacts => ({ ...NOW, ...overrides });

function causesOf(found: Findings): RankedCause[] {
  if (found.onPace) throw new Error('expected the subject to be behind');
  return found.causes;
}

const ranking = (found: Findings): string[] => causesOf(found).map((c) => c.cause);

describe('diagnosis rules: each planted problem ranks first', () => {
  it('a price problem: 6 of 9 lost deals cite price against a usual 2 of 9, and deals got smaller', () => {
    const found = findings(history({
      now: now({ lost: reasons({ product: 1, price: 6, service: 1, other: 1 }), medianDealMinor: 7_500_00 }),
      reps: [rep(1, 'Alice', 0.4, { lost: reasons({ price: 2 }) }), rep(2, 'Bob', 0.45, { lost: reasons({ price: 2 }) }), rep(3, 'Carol', 0.4, { lost: reasons({ price: 1 }) }), rep(4, 'Dave', 0.42, { lost: reasons({ price: 1 }) })],
    }));
    const [first] = causesOf(found);
    expect(ranking(found)).toEqual(['price']);
    // (6/9 − 6/27) = 0.444 for the share, (10,000 − 7,500) / 10,000 = 0.25 for the deal size.
    expect(first).toEqual({
      cause: 'price',
      score: 69,
      evidence: [
        { kind: 'loss_share', reason: 'price', count: 6, total: 9, usual: 2, usualKnown: true },
        { kind: 'deal_size', medianMinor: 7_500_00n, usualMinor: 10_000_00n },
      ],
      // Spread over the whole team: the price itself, not one rep's pitch.
      nextSteps: [{ kind: 'review_pricing' }],
    });
  });

  it('a price problem held by one rep: coach that rep on pricing objections', () => {
    const found = findings(history({
      now: now({ lost: reasons({ product: 1, price: 6, service: 1, other: 1 }) }),
      reps: [rep(1, 'Alice', 0.45, { lost: reasons({ price: 4 }) }), rep(2, 'Bob', 0.5, { lost: reasons({ price: 1 }) }), rep(3, 'Carol', 0.45, { lost: reasons({ price: 1 }) }), rep(4, 'Dave', 0.5)],
    }));
    expect(causesOf(found)[0]).toMatchObject({ cause: 'price', score: 44, nextSteps: [{ kind: 'coach_on_objection', rep: 'Alice', reason: 'price' }] });
  });

  it('a product problem: Widgets loses 6 of 8 deals against 2 of 14 for the rest, and the complaints name it', () => {
    const found = findings(history({
      now: now({ won: 14, lost: reasons({ product: 5, price: 1, service: 1, other: 1 }), productFeedback: 4 }),
      products: [product('Widgets', 2, { product: 5, price: 1 }, { feedback: 3 }), product('Gadgets', 12, { service: 1, other: 1 })],
    }));
    const [first] = causesOf(found);
    expect(ranking(found)[0]).toBe('product');
    expect(first?.evidence).toEqual([
      { kind: 'loss_share', reason: 'product', count: 5, total: 8, usual: 1, usualKnown: true },
      { kind: 'product_losses', product: 'Widgets', lost: 6, decided: 8, othersLost: 2, othersDecided: 14 },
      { kind: 'feedback', about: 'product', count: 4, usual: 1, product: 'Widgets', productCount: 3 },
    ]);
    expect(first?.nextSteps).toEqual([{ kind: 'raise_with_product', product: 'Widgets' }]);
    // 0.625 − 5/27 = 0.44; 0.75 − 0.143 = 0.61; half of (4 − 1) / 4 = 0.375 for the feedback.
    expect(first?.score).toBe(142);
  });

  it('a delivery problem: a median of 12 days against a usual 5, and 4 won deals undelivered after 14 days', () => {
    const found = findings(history({
      now: now({ delivered: 8, medianDeliveryDays: 12 }),
      stuck: 4,
      products: [product('Widgets', 10, { product: 1, price: 1 }, { stuck: 3 }), product('Gadgets', 10, { price: 1, delivery: 1, service: 1, people: 1, other: 2 }, { stuck: 1 })],
    }));
    const [first] = causesOf(found);
    expect(ranking(found)).toEqual(['delivery']);
    expect(first).toEqual({
      cause: 'delivery',
      // (12 − 5) / 12 = 0.58 and 4 / (4 + 8) = 0.33
      score: 92,
      evidence: [
        { kind: 'delivery_time', days: 12, usualDays: 5, delivered: 8 },
        { kind: 'stuck', count: 4, days: RULES.stuckDays, product: 'Widgets', productCount: 3 },
      ],
      nextSteps: [{ kind: 'ask_production', product: 'Widgets' }],
    });
  });

  it('a service problem: 5 of 9 lost deals cite service against a usual 1 of 9, and customers speak up', () => {
    const found = findings(history({ now: now({ lost: reasons({ price: 2, service: 5, other: 2 }), customerFeedback: 6 }) }));
    const [first] = causesOf(found);
    expect(ranking(found)).toEqual(['service']);
    expect(first?.evidence).toEqual([
      { kind: 'loss_share', reason: 'service', count: 5, total: 9, usual: 1, usualKnown: true },
      { kind: 'feedback', about: 'customer', count: 6, usual: 2 },
    ]);
    expect(first?.nextSteps).toEqual([{ kind: 'review_service' }]);
  });

  it('a people problem: Alice at 15% while the team is at 50%, trainings overdue, not coached for 45 days', () => {
    const alice = rep(1, 'Alice', 0.15, { won: 1, wonMinor: 1_500_00n * 10n, lost: reasons({ price: 2 }), overdueTrainings: 2, daysSinceCoaching: 45 });
    const found = findings(history({ reps: [alice, rep(2, 'Bob', 0.55, { won: 6 }), rep(3, 'Carol', 0.45), rep(4, 'Dave', 0.5, { won: 6 })] }));
    const [first] = causesOf(found);
    expect(ranking(found)).toEqual(['people']);
    expect(first).toEqual({
      cause: 'people',
      // Alice's gap (0.5 − 0.15) / 0.5 = 0.7, plus 0.1 for the training and 0.1 for coaching, over 4 reps.
      score: 23,
      evidence: [
        { kind: 'rep_behind', rep: 'Alice', basis: 'goal', attainment: 0.15, peers: 0.5 },
        { kind: 'rep_deals', rep: 'Alice', won: 1, peers: 6 },
        { kind: 'training_overdue', rep: 'Alice', count: 2 },
        { kind: 'no_coaching', rep: 'Alice', days: 45 },
      ],
      nextSteps: [{ kind: 'coach_on_objection', rep: 'Alice', reason: 'price' }, { kind: 'finish_training', rep: 'Alice', count: 2 }],
    });
    expect(found.repsToCoach).toEqual([
      { memberId: 1, name: 'Alice', standing: { basis: 'goal', attainment: 0.15, peers: 0.5 }, focus: 'price', overdueTrainings: 2, daysSinceCoaching: 45 },
    ]);
  });

  it('a people problem seen from the rep: judged alone against the team, the gap counts in full', () => {
    const alice = rep(1, 'Alice', 0.15, { daysSinceCoaching: null });
    const found = findings(history({ reps: [alice, ...TEAM.slice(1).map((r) => ({ ...r, judged: false }))] }));
    expect(causesOf(found)[0]).toMatchObject({ cause: 'people', score: 80, nextSteps: [{ kind: 'coach', rep: 'Alice' }] });
    expect(causesOf(found)[0]?.evidence).toContainEqual({ kind: 'no_coaching', rep: 'Alice', days: null });
  });

  it('a people problem without goals: reps compared by amount won', () => {
    const team = TEAM.map((r) => ({ ...r, attainment: undefined }) as RepFacts);
    const slow = { ...team[0], wonMinor: 1_000_00n * 10n } as RepFacts;
    const found = findings(history({ reps: [slow, ...team.slice(1)] }));
    expect(causesOf(found)[0]?.evidence[0]).toEqual({ kind: 'rep_behind', rep: 'Alice', basis: 'won', wonMinor: 1_000_00n * 10n, peersMinor: 5_000_00n * 10n });
  });

  it('a healthy team on pace: nothing to diagnose, and what is working', () => {
    const found = findings(history({
      pace: 'on_pace',
      now: now({ lost: reasons({ price: 1, service: 1, other: 1 }), medianDeliveryDays: 2 }),
      products: [product('Widgets', 12, { price: 1 }), product('Gadgets', 8, { service: 1, other: 1 })],
    }));
    expect(found).toEqual({
      onPace: true,
      working: [
        // 3 of 23 decided against a usual 27 of 87.
        { kind: 'fewer_losses', lost: 3, decided: 23, usual: 7 },
        { kind: 'best_product', product: 'Widgets', won: 12, decided: 13 },
        { kind: 'best_rep', rep: 'Bob', basis: 'goal', attainment: 0.55, peers: 0.5 },
        { kind: 'faster_delivery', days: 2, usualDays: 5 },
      ],
      repsToCoach: [],
    });
  });

  it('a healthy team that is behind anyway: nothing in the data clears a threshold, so no cause is listed', () => {
    expect(findings(history())).toEqual({ onPace: false, causes: [], repsToCoach: [] });
  });
});

describe('diagnosis rules: ranking and thresholds', () => {
  it('ranks by score, and breaks a tie in the fixed order product, price, delivery, service, people', () => {
    // Delivery and service each: 3 of 8 against a usual 4 of 27, the same excess.
    const tied = history({ products: [product('Widgets', 10, { delivery: 2, other: 1 }), product('Gadgets', 10, { delivery: 1, service: 3, other: 1 })], now: now({ lost: reasons({ delivery: 3, service: 3, other: 2 }) }) });
    const found = findings(tied);
    expect(causesOf(found).map((c) => [c.cause, c.score])).toEqual([['delivery', 23], ['service', 23]]);
    // The order of the input does not matter either.
    expect(findings({ ...tied, products: [...tied.products].reverse(), reps: [...tied.reps].reverse() })).toEqual(found);
  });

  it('puts a stronger cause first whatever the fixed order says', () => {
    // People: 5 of 9 against a usual 1 of 9 (44); price: 4 of 9 against a usual 2 of 9 (22).
    const found = findings(history({ products: [], now: now({ lost: reasons({ price: 4, people: 5 }) }) }));
    expect(causesOf(found).map((c) => [c.cause, c.score])).toEqual([['people', 44], ['price', 22]]);
    expect(causesOf(found)[0]?.nextSteps).toEqual([{ kind: 'review_losses', reason: 'people' }]);
  });

  it('ignores loss reasons with too few lost deals, or too few citing the reason', () => {
    // 4 lost deals, all price: under the minimum of 5.
    expect(findings(history({ products: [], now: now({ lost: reasons({ price: 4 }) }) }))).toMatchObject({ causes: [] });
    // 9 lost, 2 citing service: a high share, but 2 deals are an anecdote.
    expect(findings(history({ products: [], now: now({ lost: reasons({ price: 2, service: 2, product: 2, other: 3 }) }) }))).toMatchObject({ causes: [] });
  });

  it('without enough usual losses, compares with an even split over the six reasons, and says so', () => {
    const found = findings(history({ products: [], usual: { ...USUAL, lost: reasons({ price: 2 }) }, now: now({ lost: reasons({ price: 3, other: 3 }) }) }));
    expect(causesOf(found)[0]?.evidence[0]).toEqual({ kind: 'loss_share', reason: 'price', count: 3, total: 6, usual: 1, usualKnown: false });
  });

  it('does not compare a product, deal sizes or delivery times on too few deals', () => {
    const found = findings(history({
      // Widgets: 4 decided, all lost; deal sizes and deliveries from 4 and 2 deals.
      now: now({ won: 4, lost: reasons({ price: 1, service: 1, other: 2 }), medianDealMinor: 2_000_00, delivered: 2, medianDeliveryDays: 30 }),
      products: [product('Widgets', 0, { price: 1, service: 1, other: 2 })],
    }));
    expect(found).toMatchObject({ causes: [] });
  });

  it('lets feedback support a cause but never list one on its own', () => {
    expect(findings(history({ now: now({ productFeedback: 12, customerFeedback: 12 }) }))).toMatchObject({ causes: [] });
  });

  it('judges no rep in the first days of a period, nor with fewer than two peers', () => {
    const alice = rep(1, 'Alice', 0.02);
    expect(findings(history({ elapsed: 0.1, reps: [alice, ...TEAM.slice(1)] }))).toMatchObject({ causes: [], repsToCoach: [] });
    expect(findings(history({ reps: [alice, TEAM[1] as RepFacts] }))).toMatchObject({ causes: [], repsToCoach: [] });
  });

  it('does not make one rep behind in a big company its cause, but still names them to coach', () => {
    // 40 reps at 50%, one at 10%: (0.8 + 0.1) / 41 = 0.02, under the 0.05 a people cause needs.
    const many = Array.from({ length: 40 }, (_, i) => rep(i + 2, `Rep ${String(i).padStart(2, '0')}`, 0.5));
    const found = findings(history({ reps: [rep(1, 'Alice', 0.1), ...many] }));
    expect(found).toMatchObject({ causes: [], repsToCoach: [{ name: 'Alice' }] });
  });

  it('finds reps to coach even when the subject is on pace', () => {
    const found = findings(history({ pace: 'on_pace', reps: [rep(1, 'Alice', 0.1, { lost: reasons({ service: 3, price: 2 }) }), ...TEAM.slice(1)] }));
    expect(found.onPace).toBe(true);
    expect(found.repsToCoach).toMatchObject([{ name: 'Alice', focus: 'service' }]);
  });

  it('lists every cause that clears its threshold when the pace is unknown (no goal, no history)', () => {
    const found = findings(history({ pace: 'unknown', products: [], now: now({ lost: reasons({ product: 1, price: 6, service: 1, other: 1 }) }) }));
    expect(ranking(found)).toEqual(['price']);
  });

  it('is deterministic: the same facts give the same findings', () => {
    const input = history({ now: now({ lost: reasons({ price: 4, delivery: 4, other: 1 } as Record<LossReason, number>), delivered: 8, medianDeliveryDays: 12 }), stuck: 5 });
    expect(findings(input)).toEqual(findings(structuredClone(input)));
  });
});

describe('diagnosis words: every fact, step and strength reads in both languages', () => {
  const evidence: Evidence[] = [
    { kind: 'loss_share', reason: 'price', count: 6, total: 9, usual: 2, usualKnown: true },
    { kind: 'loss_share', reason: 'service', count: 3, total: 6, usual: 1, usualKnown: false },
    { kind: 'product_losses', product: 'Widgets', lost: 6, decided: 8, othersLost: 2, othersDecided: 14 },
    { kind: 'feedback', about: 'product', count: 4, usual: 1, product: 'Widgets', productCount: 3 },
    { kind: 'feedback', about: 'customer', count: 6, usual: 2 },
    { kind: 'deal_size', medianMinor: 7_500_00n, usualMinor: 10_000_00n },
    { kind: 'delivery_time', days: 12, usualDays: 5, delivered: 8 },
    { kind: 'stuck', count: 4, days: 14 },
    { kind: 'rep_behind', rep: 'Alice', basis: 'goal', attainment: 0.15, peers: 0.5 },
    { kind: 'rep_behind', rep: 'Bob', basis: 'won', wonMinor: 1_000_00n, peersMinor: 5_000_00n },
    { kind: 'rep_deals', rep: 'Alice', won: 1, peers: 6 },
    { kind: 'training_overdue', rep: 'Alice', count: 1 },
    { kind: 'no_coaching', rep: 'Alice', days: 45 },
    { kind: 'no_coaching', rep: 'Bob', days: null },
  ];
  const steps: NextStep[] = [
    ...(['product', 'price', 'delivery', 'service', 'people', 'other'] as const).map((reason): NextStep => ({ kind: 'coach_on_objection', rep: 'Alice', reason })),
    { kind: 'coach', rep: 'Alice' }, { kind: 'finish_training', rep: 'Alice', count: 3 }, { kind: 'review_pricing' },
    { kind: 'raise_with_product' }, { kind: 'raise_with_product', product: 'Widgets' }, { kind: 'ask_production' }, { kind: 'ask_production', product: 'Widgets' },
    { kind: 'review_service' }, { kind: 'review_losses', reason: 'people' },
  ];
  const working: Working[] = [
    { kind: 'fewer_losses', lost: 3, decided: 23, usual: 7 },
    { kind: 'best_product', product: 'Widgets', won: 12, decided: 13 },
    { kind: 'best_rep', rep: 'Bob', basis: 'goal', attainment: 0.55, peers: 0.5 },
    { kind: 'best_rep', rep: 'Bob', basis: 'won', wonMinor: 9_000_00n, peersMinor: 5_000_00n },
    { kind: 'faster_delivery', days: 1, usualDays: 5 },
  ];
  const base = (findingsOf: Diagnosis['findings'], peers: Diagnosis['peers']): Diagnosis => ({
    subject: { kind: 'team', name: 'East' }, period: 'month', periodStart: '2026-11-01', usualPeriods: 3, peers, currency: 'EUR',
    pace: { basis: 'usual', won: 20_000_00n, usualPerPeriod: 60_000_00n, pace: computePace({ target: 60_000_00n, progress: 20_000_00n, workingDaysTotal: 21, workingDaysElapsed: 13 }) },
    findings: findingsOf,
  });
  const coach = [{ memberId: 1, name: 'Alice', standing: { basis: 'goal' as const, attainment: 0.15, peers: 0.5 }, focus: 'price' as const, overdueTrainings: 1, daysSinceCoaching: 45 }];
  const behind = (peers: Diagnosis['peers']) => base({ onPace: false, causes: [{ cause: 'people', score: 23, evidence, nextSteps: steps }], repsToCoach: coach }, peers);
  const onPace = (peers: Diagnosis['peers']) => base({ onPace: true, working, repsToCoach: coach }, peers);

  it.each(['en', 'sl'] as const)('in %s, with no raw key or unfilled placeholder', (locale) => {
    const t = translator(locale);
    const fmt = createFormats(locale);
    for (const d of [behind('team'), behind('company'), onPace('team'), onPace('company'), { ...onPace('team'), pace: { basis: 'none' as const, won: 0n } }]) {
      for (const text of [fallbackText(diagnosisMessage(d, t, fmt)), fallbackText({ blocks: diagnosisBlocks(d, t, fmt) })]) {
        expect(text).not.toMatch(/\b(?:diagnosis|goals|deals)\.(?!md\b)[a-z_]+/);
        expect(text).not.toContain('{{');
      }
    }
  });

  it('words the planted price problem as the issue does', () => {
    const text = fallbackText(diagnosisMessage(behind('team'), translator('en'), createFormats('en')));
    expect(text).toContain('• 6 of 9 lost deals this month cite price; usually 2 of 9');
    expect(text).toContain('• Median 12 days from won to delivered this month (8 deliveries); usually 5');
    expect(text).toContain("• Alice is at 15% of goal while the team's median is 50%");
    expect(text).toContain('Next: coach Alice on pricing objections');
    expect(text).toContain('Next: ask production about the Widgets backlog');
    expect(fallbackText(diagnosisMessage(onPace('team'), translator('en'), createFormats('en')))).toContain('• Deliveries are faster: median 1 day from won to delivered, usually 5');
  });
});
