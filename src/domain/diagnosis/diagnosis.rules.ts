import { LOSS_REASONS, type LossReason } from '../deals/deal.table.ts';
import {
  CAUSES, type Cause, type DiagnosisInput, type Evidence, type Findings, type NextStep, type RankedCause,
  type ReasonCounts, type RepFacts, type RepToCoach, type Standing, type Working,
} from './diagnosis.ts';

/**
 * Why a subject is behind pace, as pure rules over the facts (docs/diagnosis.md says the same in prose,
 * with a worked example). No weights were fitted: every number below is a plain threshold a manager can
 * check against the evidence shown.
 *
 * Each cause is scored from signals. A signal's strength is how far the subject is from its usual
 * (or, for products and reps, from its peers now), as a fraction: 6 of 9 lost deals citing price
 * against a usual 2 of 9 is 0.44. Primary signals come from deals; a cause is listed only when at least
 * one of them clears its threshold. Supporting signals (feedback, which carries no sentiment, and a
 * lagging rep's overdue training or missing coaching) add to a listed cause but never list one.
 * The score is the sum in points (× 100, rounded); causes rank by score, ties in CAUSES order.
 */
export const RULES = {
  /** Lost deals in the period before loss reasons are read at all. */
  minLost: 5,
  /** Lost deals citing a reason before that reason can be a cause. */
  minReasonCount: 3,
  /** Usual lost deals needed for a usual share; with fewer, each reason is taken as an even sixth. */
  minUsualLost: 5,
  /** How far a reason's share of lost deals must be above its usual share. */
  shareMargin: 0.15,
  /** Deals decided (won or lost) of a product, and of the rest, before their loss rates are compared. */
  minDecided: 5,
  /** Lost deals of a product before it can stand out. */
  minProductLost: 3,
  /** How far a product's loss rate must be above the rest's. */
  productMargin: 0.25,
  /** Won deals now and usually before median deal sizes are compared. */
  minWonForSize: 5,
  /** A drop in the median won deal that points at price (discounting to win). */
  dealSizeDrop: 0.2,
  /** Deliveries now and usually before delivery times are compared. */
  minDelivered: 3,
  /** Delivery is slow when the median is this many days over the usual and this many times it. */
  deliveryExtraDays: 3,
  deliveryRatio: 1.5,
  /** A won deal not delivered after this many days is stuck; this many stuck deals is a signal. */
  stuckDays: 14,
  minStuck: 3,
  /** Feedback counts as support when there is this much, and this many times the usual by now. */
  minFeedback: 3,
  feedbackRatio: 2,
  feedbackWeight: 0.5,
  /** Reps are compared only with at least this many peers, and once this share of the period has gone. */
  minPeers: 2,
  minElapsed: 0.2,
  /** A rep lags at or below 60% of their peers' median (a gap of 0.4). */
  repGap: 0.4,
  /** The lagging reps' weight spread over every rep judged must reach this to make people a cause. */
  minPeopleShare: 0.05,
  /** Added to a lagging rep's gap for overdue training, and for no coaching in `coachingDays` days. */
  supportWeight: 0.1,
  coachingDays: 30,
  /** Lost deals of one reason that make it what to coach a rep (or the rep holding a cause) on. */
  minFocus: 2,
  /** Lagging reps a cause shows, and reps to coach a digest lists. */
  shownReps: 3,
  maxRepsToCoach: 5,
  /** On pace: what counts as working. */
  lossesBelowUsual: 0.05,
  minBestProductWon: 3,
  fasterDeliveryDays: 2,
} as const;

/** Thresholds are inclusive; ratios of counts are not exact in floating point (0.35 − 0.2 < 0.15). */
const EPSILON = 1e-9;
const atLeast = (value: number, threshold: number): boolean => value >= threshold - EPSILON;

const lostTotal = (counts: ReasonCounts): number => LOSS_REASONS.reduce((sum, reason) => sum + counts[reason], 0);

interface Signal {
  strength: number;
  evidence: Evidence[];
}

/** A cause from its primary and supporting signals; undefined when no primary signal cleared. */
function scored(cause: Cause, primary: (Signal | undefined)[], supporting: (Signal | undefined)[], nextSteps: NextStep[]): RankedCause | undefined {
  const found = primary.filter((s): s is Signal => s !== undefined);
  if (found.length === 0) return undefined;
  const all = [...found, ...supporting.filter((s): s is Signal => s !== undefined)];
  // Half a point rounds up, even when floating point lands a hair below it (0.7 + 0.1 + 0.1 = 0.8999…).
  const score = Math.round(100 * all.reduce((sum, s) => sum + s.strength, 0) + EPSILON);
  return { cause, score, evidence: all.flatMap((s) => s.evidence), nextSteps };
}

/**
 * A loss reason cited more than usual: its share of the period's lost deals against its share of the
 * usual's. Needs `minLost` lost deals, `minReasonCount` of them citing it, and `shareMargin` over usual.
 */
function lossShare(input: DiagnosisInput, reason: LossReason): Signal | undefined {
  const total = lostTotal(input.now.lost);
  const count = input.now.lost[reason];
  if (total < RULES.minLost || count < RULES.minReasonCount) return undefined;
  const usualTotal = lostTotal(input.usual.lost);
  const usualKnown = usualTotal >= RULES.minUsualLost;
  const usualShare = usualKnown ? input.usual.lost[reason] / usualTotal : 1 / LOSS_REASONS.length;
  const excess = count / total - usualShare;
  if (!atLeast(excess, RULES.shareMargin)) return undefined;
  return { strength: excess, evidence: [{ kind: 'loss_share', reason, count, total, usual: Math.round(usualShare * total), usualKnown }] };
}

/** The one with the largest count, when it holds at least `minFocus` and half of `total`; ties by name. */
function dominant<T extends { product: string }>(items: readonly T[], count: (item: T) => number, total: number): { product: string; count: number } | undefined {
  let best: T | undefined;
  for (const item of items) {
    const c = count(item);
    if (!best || c > count(best) || (c === count(best) && item.product < best.product)) best = item;
  }
  if (!best) return undefined;
  const c = count(best);
  return c >= RULES.minFocus && 2 * c >= total ? { product: best.product, count: c } : undefined;
}

/**
 * Feedback well above its usual pace: the usual count per period, scaled to the share of the period
 * gone, is what "usual by now" means. Supporting only, at half weight: a note says a product or a
 * customer was discussed, not that something is wrong.
 */
function feedbackSignal(input: DiagnosisInput, about: 'product' | 'customer'): Signal | undefined {
  const count = about === 'product' ? input.now.productFeedback : input.now.customerFeedback;
  const usualCount = about === 'product' ? input.usual.productFeedback : input.usual.customerFeedback;
  const expected = (usualCount / Math.max(1, input.usualPeriods)) * input.elapsed;
  if (count < RULES.minFeedback || !atLeast(count, RULES.feedbackRatio * expected)) return undefined;
  const named = about === 'product' ? dominant(input.products, (p) => p.feedback, count) : undefined;
  return {
    strength: (RULES.feedbackWeight * (count - expected)) / count,
    evidence: [{ kind: 'feedback', about, count, usual: Math.round(expected), ...(named && { product: named.product, productCount: named.count }) }],
  };
}

/** The product whose loss rate stands furthest above the rest of the subject's deals now. */
function worstProduct(input: DiagnosisInput): (Signal & { product: string }) | undefined {
  const lost = lostTotal(input.now.lost);
  const decided = input.now.won + lost;
  let worst: (Signal & { product: string; lost: number }) | undefined;
  for (const p of input.products) {
    const pLost = lostTotal(p.lost);
    const pDecided = p.won + pLost;
    const othersLost = lost - pLost;
    const othersDecided = decided - pDecided;
    if (pDecided < RULES.minDecided || pLost < RULES.minProductLost || othersDecided < RULES.minDecided) continue;
    const excess = pLost / pDecided - othersLost / othersDecided;
    if (!atLeast(excess, RULES.productMargin)) continue;
    // The largest excess; at an equal one, more lost deals, then the name.
    const better = !worst || excess > worst.strength + EPSILON
      || (excess > worst.strength - EPSILON && (pLost > worst.lost || (pLost === worst.lost && p.product < worst.product)));
    if (better) {
      worst = { strength: excess, product: p.product, lost: pLost, evidence: [{ kind: 'product_losses', product: p.product, lost: pLost, decided: pDecided, othersLost, othersDecided }] };
    }
  }
  return worst && { strength: worst.strength, product: worst.product, evidence: worst.evidence };
}

/** Product: lost deals citing the product, one product losing far more than the rest, product feedback. */
function productCause(input: DiagnosisInput): RankedCause | undefined {
  const share = lossShare(input, 'product');
  const worst = worstProduct(input);
  const feedback = feedbackSignal(input, 'product');
  const named = worst?.product ?? dominant(input.products, (p) => p.lost.product, input.now.lost.product)?.product ?? feedbackProduct(feedback);
  return scored('product', [share, worst], [feedback], [{ kind: 'raise_with_product', ...(named !== undefined && { product: named }) }]);
}

function feedbackProduct(signal: Signal | undefined): string | undefined {
  const evidence = signal?.evidence[0];
  return evidence?.kind === 'feedback' ? evidence.product : undefined;
}

/**
 * Price: lost deals citing price, and a smaller median won deal than usual (discounting to win).
 * When one rep holds most of the price losses, the step is to coach them; otherwise to review pricing.
 */
function priceCause(input: DiagnosisInput): RankedCause | undefined {
  const share = lossShare(input, 'price');
  const size = dealSizeSignal(input);
  const holder = holderOf(input.reps, 'price', input.now.lost.price);
  const step: NextStep = holder ? { kind: 'coach_on_objection', rep: holder.name, reason: 'price' } : { kind: 'review_pricing' };
  return scored('price', [share, size], [], [step]);
}

function dealSizeSignal(input: DiagnosisInput): Signal | undefined {
  const { now, usual } = input;
  if (now.won < RULES.minWonForSize || usual.won < RULES.minWonForSize) return undefined;
  if (now.medianDealMinor === null || usual.medianDealMinor === null || usual.medianDealMinor <= 0) return undefined;
  const drop = (usual.medianDealMinor - now.medianDealMinor) / usual.medianDealMinor;
  if (!atLeast(drop, RULES.dealSizeDrop)) return undefined;
  return { strength: drop, evidence: [{ kind: 'deal_size', medianMinor: BigInt(Math.round(now.medianDealMinor)), usualMinor: BigInt(Math.round(usual.medianDealMinor)) }] };
}

/** The judged rep holding at least `minFocus` and half of the period's losses for a reason. */
function holderOf(reps: readonly RepFacts[], reason: LossReason, total: number): RepFacts | undefined {
  let best: RepFacts | undefined;
  for (const rep of reps) {
    if (!rep.judged) continue;
    if (!best || rep.lost[reason] > best.lost[reason] || (rep.lost[reason] === best.lost[reason] && rep.name < best.name)) best = rep;
  }
  return best && best.lost[reason] >= RULES.minFocus && 2 * best.lost[reason] >= total ? best : undefined;
}

/** Delivery: lost deals citing delivery, a slower median from won to delivered, won deals stuck undelivered. */
function deliveryCause(input: DiagnosisInput): RankedCause | undefined {
  const share = lossShare(input, 'delivery');
  const time = deliveryTimeSignal(input);
  const stuckProduct = dominant(input.products, (p) => p.stuck, input.stuck);
  const stuck: Signal | undefined = input.stuck >= RULES.minStuck
    ? {
        strength: input.stuck / (input.stuck + input.now.delivered),
        evidence: [{ kind: 'stuck', count: input.stuck, days: RULES.stuckDays, ...(stuckProduct && { product: stuckProduct.product, productCount: stuckProduct.count }) }],
      }
    : undefined;
  const product = stuckProduct?.product ?? dominant(input.products, (p) => p.lost.delivery, input.now.lost.delivery)?.product;
  return scored('delivery', [share, time, stuck], [], [{ kind: 'ask_production', ...(product !== undefined && { product }) }]);
}

function deliveryTimeSignal(input: DiagnosisInput): Signal | undefined {
  const { now, usual } = input;
  if (now.delivered < RULES.minDelivered || usual.delivered < RULES.minDelivered) return undefined;
  if (now.medianDeliveryDays === null || usual.medianDeliveryDays === null) return undefined;
  const days = now.medianDeliveryDays;
  const usualDays = usual.medianDeliveryDays;
  if (!atLeast(days, usualDays + RULES.deliveryExtraDays) || !atLeast(days, usualDays * RULES.deliveryRatio)) return undefined;
  return { strength: (days - usualDays) / days, evidence: [{ kind: 'delivery_time', days: Math.round(days), usualDays: Math.round(usualDays), delivered: now.delivered }] };
}

/** Service: lost deals citing service; customer feedback above its usual supports it. */
function serviceCause(input: DiagnosisInput): RankedCause | undefined {
  return scored('service', [lossShare(input, 'service')], [feedbackSignal(input, 'customer')], [{ kind: 'review_service' }]);
}

/** A judged rep's standing against their peers, with how far behind the peers' median they are. */
interface Judged {
  rep: RepFacts;
  standing: Standing;
  /** (peers − rep) / peers: 0.53 when at 38% against 81%; negative when ahead. */
  gap: number;
  /** Median won deals of the peers. */
  peerDeals: number;
}

/** The median of a sorted list without the element at `skip` (-1: skip none). */
function medianExcept<T>(sorted: readonly T[], skip: number, mid: (a: T, b: T) => T): T | undefined {
  const n = sorted.length - (skip >= 0 ? 1 : 0);
  if (n <= 0) return undefined;
  const at = (j: number): T => sorted[skip >= 0 && j >= skip ? j + 1 : j] as T;
  return n % 2 === 1 ? at((n - 1) / 2) : mid(at(n / 2 - 1), at(n / 2));
}

/** A list sorted by a key, with where each rep sits in it: each rep's peers' median without re-sorting. */
function sortedBy<T extends number | bigint>(reps: readonly RepFacts[], key: (rep: RepFacts) => T | undefined): { values: T[]; index: Map<number, number> } {
  const entries = reps.flatMap((rep) => {
    const value = key(rep);
    return value === undefined ? [] : [{ id: rep.memberId, value }];
  });
  entries.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : a.id - b.id));
  return { values: entries.map((e) => e.value), index: new Map(entries.map((e, i) => [e.id, i])) };
}

const midNumber = (a: number, b: number): number => (a + b) / 2;
const midBigint = (a: bigint, b: bigint): bigint => (a + b) / 2n;

/**
 * Every judged rep against their peers (every other rep in the input), all on one basis so they are
 * comparable: share of goal when most reps (and at least `minPeers` + 1) have a goal, else amount won.
 * On the goal basis a rep without a goal is not judged: set them one.
 */
function judge(input: DiagnosisInput): Judged[] {
  if (!atLeast(input.elapsed, RULES.minElapsed)) return [];
  const attainments = sortedBy(input.reps, (r) => r.attainment);
  const won = sortedBy(input.reps, (r) => r.wonMinor);
  const deals = sortedBy(input.reps, (r) => r.won);
  const withGoal = attainments.values.length;
  const byGoal = 2 * withGoal > input.reps.length && withGoal >= RULES.minPeers + 1;
  if (!byGoal && input.reps.length < RULES.minPeers + 1) return [];
  const judged: Judged[] = [];
  for (const rep of input.reps) {
    if (!rep.judged) continue;
    const peerDeals = medianExcept(deals.values, deals.index.get(rep.memberId) ?? -1, midNumber) ?? 0;
    if (byGoal) {
      const at = attainments.index.get(rep.memberId);
      if (rep.attainment === undefined || at === undefined) continue;
      const peers = medianExcept(attainments.values, at, midNumber) ?? 0;
      const gap = peers > 0 ? (peers - rep.attainment) / peers : 0;
      judged.push({ rep, standing: { basis: 'goal', attainment: rep.attainment, peers }, gap, peerDeals });
    } else {
      const peersMinor = medianExcept(won.values, won.index.get(rep.memberId) ?? -1, midBigint) ?? 0n;
      const gap = peersMinor > 0n ? Number(peersMinor - rep.wonMinor) / Number(peersMinor) : 0;
      judged.push({ rep, standing: { basis: 'won', wonMinor: rep.wonMinor, peersMinor }, gap, peerDeals });
    }
  }
  return judged;
}

const uncoached = (rep: RepFacts): boolean => rep.daysSinceCoaching === null || rep.daysSinceCoaching >= RULES.coachingDays;

/** A lagging rep's weight: their gap, plus what a manager can act on (overdue training, no recent coaching). */
const weightOf = (j: Judged): number =>
  j.gap + (j.rep.overdueTrainings > 0 ? RULES.supportWeight : 0) + (uncoached(j.rep) ? RULES.supportWeight : 0);

/** Reps at or below 60% of their peers' median, heaviest first (ties by name). */
function laggards(judged: readonly Judged[]): Judged[] {
  return judged
    .filter((j) => atLeast(j.gap, RULES.repGap))
    .sort((a, b) => weightOf(b) - weightOf(a) || (a.rep.name < b.rep.name ? -1 : a.rep.name > b.rep.name ? 1 : 0));
}

/** What to coach a rep on: the reason most of their lost deals cite (at least `minFocus`; ties in CAUSES order). */
function focusOf(rep: RepFacts): LossReason | undefined {
  let focus: LossReason | undefined;
  for (const reason of CAUSES) if (rep.lost[reason] >= RULES.minFocus && (focus === undefined || rep.lost[reason] > rep.lost[focus])) focus = reason;
  return focus;
}

function toCoach(j: Judged): RepToCoach {
  const focus = focusOf(j.rep);
  return {
    memberId: j.rep.memberId,
    name: j.rep.name,
    standing: j.standing,
    ...(focus && { focus }),
    overdueTrainings: j.rep.overdueTrainings,
    daysSinceCoaching: j.rep.daysSinceCoaching,
  };
}

/**
 * People: reps well behind their peers, and lost deals citing people. A lagging rep weighs their gap
 * (plus supports) divided by the number of reps judged, so one rep behind in a team of four weighs a
 * quarter of what it would alone: a team-wide problem outranks one person's, and a big company always
 * has someone behind without that becoming its cause (under `minPeopleShare` they are only reps to coach).
 */
function peopleCause(input: DiagnosisInput, judged: readonly Judged[], lagging: readonly Judged[]): RankedCause | undefined {
  const share = lossShare(input, 'people');
  const strength = lagging.reduce((sum, j) => sum + weightOf(j), 0) / Math.max(1, judged.length);
  const reps: Signal | undefined = lagging.length === 0 || !atLeast(strength, RULES.minPeopleShare)
    ? undefined
    : { strength, evidence: lagging.slice(0, RULES.shownReps).flatMap((j) => repEvidence(j)) };
  const steps: NextStep[] = lagging.slice(0, RULES.shownReps).flatMap((j): NextStep[] => {
    const focus = focusOf(j.rep);
    const coach: NextStep = focus ? { kind: 'coach_on_objection', rep: j.rep.name, reason: focus } : { kind: 'coach', rep: j.rep.name };
    return j.rep.overdueTrainings > 0 ? [coach, { kind: 'finish_training', rep: j.rep.name, count: j.rep.overdueTrainings }] : [coach];
  });
  if (steps.length === 0) {
    const holder = holderOf(input.reps, 'people', input.now.lost.people);
    steps.push(holder ? { kind: 'coach', rep: holder.name } : { kind: 'review_losses', reason: 'people' });
  }
  return scored('people', [reps, share], [], steps);
}

function repEvidence(j: Judged): Evidence[] {
  const { rep } = j;
  return [
    { kind: 'rep_behind', rep: rep.name, ...j.standing },
    ...(j.peerDeals >= RULES.minFocus && 2 * rep.won <= j.peerDeals ? [{ kind: 'rep_deals' as const, rep: rep.name, won: rep.won, peers: j.peerDeals }] : []),
    ...(rep.overdueTrainings > 0 ? [{ kind: 'training_overdue' as const, rep: rep.name, count: rep.overdueTrainings }] : []),
    ...(uncoached(rep) ? [{ kind: 'no_coaching' as const, rep: rep.name, days: rep.daysSinceCoaching }] : []),
  ];
}

/** On pace: fewer losses than usual, the best-selling product, the rep furthest ahead, faster deliveries. */
function working(input: DiagnosisInput, judged: readonly Judged[]): Working[] {
  const found: Working[] = [];
  const { now, usual } = input;
  const lost = lostTotal(now.lost);
  const usualLost = lostTotal(usual.lost);
  const decided = now.won + lost;
  const usualDecided = usual.won + usualLost;
  if (decided >= RULES.minDecided && usualDecided >= RULES.minDecided) {
    const usualRate = usualLost / usualDecided;
    if (atLeast(usualRate - lost / decided, RULES.lossesBelowUsual)) found.push({ kind: 'fewer_losses', lost, decided, usual: Math.round(usualRate * decided) });
  }
  const best = [...input.products]
    .filter((p) => p.won >= RULES.minBestProductWon)
    .sort((a, b) => b.won - a.won || lostTotal(a.lost) - lostTotal(b.lost) || (a.product < b.product ? -1 : 1))[0];
  if (best) found.push({ kind: 'best_product', product: best.product, won: best.won, decided: best.won + lostTotal(best.lost) });
  const ahead = judged.filter((j) => j.gap < 0).sort((a, b) => a.gap - b.gap || (a.rep.name < b.rep.name ? -1 : 1))[0];
  if (ahead) found.push({ kind: 'best_rep', rep: ahead.rep.name, ...ahead.standing });
  if (now.delivered >= RULES.minDelivered && usual.delivered >= RULES.minDelivered && now.medianDeliveryDays !== null && usual.medianDeliveryDays !== null
    && atLeast(usual.medianDeliveryDays - now.medianDeliveryDays, RULES.fasterDeliveryDays)) {
    found.push({ kind: 'faster_delivery', days: Math.round(now.medianDeliveryDays), usualDays: Math.round(usual.medianDeliveryDays) });
  }
  return found;
}

const rankOf = (cause: Cause): number => CAUSES.indexOf(cause);

/**
 * The findings for a subject. On pace: what is working. Behind (or with no goal and no usual to
 * judge by): every cause whose evidence clears its threshold, highest score first, ties in CAUSES
 * order. Reps to coach are found either way (a team on pace can still have someone far behind).
 *
 *   findings({ pace: 'behind', now: { lost: { price: 6, … (9 in all) } }, usual: { lost: { price: 2, … (9) } }, … })
 *     → { onPace: false, causes: [{ cause: 'price', score: 44, evidence: [{ kind: 'loss_share', reason: 'price', count: 6, total: 9, usual: 2, … }], … }] }
 */
export function findings(input: DiagnosisInput): Findings {
  const judged = judge(input);
  const lagging = laggards(judged);
  const repsToCoach = lagging.slice(0, RULES.maxRepsToCoach).map(toCoach);
  if (input.pace === 'on_pace') return { onPace: true, working: working(input, judged), repsToCoach };
  const causes = [productCause(input), priceCause(input), deliveryCause(input), serviceCause(input), peopleCause(input, judged, lagging)]
    .filter((c): c is RankedCause => c !== undefined)
    .sort((a, b) => b.score - a.score || rankOf(a.cause) - rankOf(b.cause));
  return { onPace: false, causes, repsToCoach };
}
