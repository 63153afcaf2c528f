import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import { context, message, text } from '../../messages/build.ts';
import type { Block, Message } from '../../messages/message.ts';
import { currencyDigits } from '../../money/amount.ts';
import { goalLine } from '../goals/goal.views.ts';
import type { Diagnosis, Evidence, NextStep, RankedCause, RepToCoach, Standing, Working } from './diagnosis.ts';

/** What the views need besides the words: the period's phrase, the currency, whom reps are compared with. */
interface Voice {
  t: Translate;
  fmt: Formats;
  /** "this month" */
  period: string;
  currency: string;
  peers: Diagnosis['peers'];
}

const voiceOf = (d: Diagnosis, t: Translate, fmt: Formats): Voice => ({ t, fmt, period: t(`goals.this.${d.period}`), currency: d.currency, peers: d.peers });

/** Medians are estimates: whole currency units, not cents. */
function wholeMoney(minor: bigint, v: Voice): string {
  const unit = 10n ** BigInt(currencyDigits(v.currency));
  return v.fmt.money(((minor + unit / 2n) / unit) * unit, v.currency);
}

/** "Alice is at 38% of her goal; the team's median is 81%" (or amounts won, without goals). */
function standingText(key: 'rep_behind' | 'best_rep', rep: string, s: Standing, v: Voice): string {
  return s.basis === 'goal'
    ? v.t(`diagnosis.${key}.goal.${v.peers}`, { rep, attainment: v.fmt.percent(s.attainment), peers: v.fmt.percent(s.peers) })
    : v.t(`diagnosis.${key}.won.${v.peers}`, { rep, amount: wholeMoney(s.wonMinor, v), peers: wholeMoney(s.peersMinor, v), period: v.period });
}

/** One fact behind a cause, in words. */
export function evidenceText(e: Evidence, v: Voice): string {
  const { t, fmt } = v;
  switch (e.kind) {
    case 'loss_share':
      return t(e.usualKnown ? 'diagnosis.evidence.loss_share' : 'diagnosis.evidence.loss_share_no_usual', {
        lost: fmt.number(e.count), total: fmt.number(e.total), usual: fmt.number(e.usual), reason: t(`deals.reasons.${e.reason}`), period: v.period,
      });
    case 'product_losses':
      return t('diagnosis.evidence.product_losses', {
        product: e.product, lost: fmt.number(e.lost), decided: fmt.number(e.decided), othersLost: fmt.number(e.othersLost), othersDecided: fmt.number(e.othersDecided), period: v.period,
      });
    case 'feedback': {
      const line = t(`diagnosis.evidence.feedback.${e.about}`, { notes: fmt.number(e.count), usual: fmt.number(e.usual), period: v.period });
      return e.product === undefined ? line : `${line}${t('diagnosis.evidence.feedback.about', { product: e.product, productNotes: fmt.number(e.productCount ?? 0) })}`;
    }
    case 'deal_size':
      return t('diagnosis.evidence.deal_size', { amount: wholeMoney(e.medianMinor, v), usual: wholeMoney(e.usualMinor, v), period: v.period });
    case 'delivery_time':
      return t('diagnosis.evidence.delivery_time', { count: e.days, usual: fmt.number(e.usualDays), delivered: fmt.number(e.delivered), period: v.period });
    case 'stuck': {
      const line = t('diagnosis.evidence.stuck', { stuck: fmt.number(e.count), days: fmt.number(e.days) });
      return e.product === undefined ? line : `${line}${t('diagnosis.evidence.stuck_product', { product: e.product, productStuck: fmt.number(e.productCount ?? 0) })}`;
    }
    case 'rep_behind':
      return standingText('rep_behind', e.rep, e, v);
    case 'rep_deals':
      return t(`diagnosis.evidence.rep_deals.${v.peers}`, { rep: e.rep, count: e.won, peers: fmt.number(e.peers), period: v.period });
    case 'training_overdue':
      return t('diagnosis.evidence.training_overdue', { rep: e.rep, count: e.count });
    case 'no_coaching':
      return e.days === null ? t('diagnosis.evidence.never_coached', { rep: e.rep }) : t('diagnosis.evidence.no_coaching', { rep: e.rep, count: e.days });
  }
}

/** What to do, in words. */
export function nextStepText(step: NextStep, t: Translate): string {
  switch (step.kind) {
    case 'coach_on_objection':
      return t(`diagnosis.next.coach_on.${step.reason}`, { rep: step.rep });
    case 'coach':
      return t('diagnosis.next.coach', { rep: step.rep });
    case 'finish_training':
      return t('diagnosis.next.finish_training', { rep: step.rep, count: step.count });
    case 'review_pricing':
      return t('diagnosis.next.review_pricing');
    case 'raise_with_product':
      return step.product === undefined ? t('diagnosis.next.raise_with_product') : t('diagnosis.next.raise_with_product_named', { product: step.product });
    case 'ask_production':
      return step.product === undefined ? t('diagnosis.next.ask_production') : t('diagnosis.next.ask_production_named', { product: step.product });
    case 'review_service':
      return t('diagnosis.next.review_service');
    case 'review_losses':
      return t('diagnosis.next.review_losses', { reason: t(`deals.reasons.${step.reason}`) });
  }
}

function workingText(w: Working, v: Voice): string {
  const { t, fmt } = v;
  switch (w.kind) {
    case 'fewer_losses':
      return t('diagnosis.working.fewer_losses', { lost: fmt.number(w.lost), decided: fmt.number(w.decided), usual: fmt.number(w.usual), period: v.period });
    case 'best_product':
      return t('diagnosis.working.best_product', { product: w.product, won: fmt.number(w.won), decided: fmt.number(w.decided) });
    case 'best_rep':
      return standingText('best_rep', w.rep, w, v);
    case 'faster_delivery':
      return t('diagnosis.working.faster_delivery', { count: w.days, usual: fmt.number(w.usualDays) });
  }
}

/** "€20,000 of €50,000 this month — behind pace, 8 working days left", or against the usual without a goal. */
export function paceLine(d: Diagnosis, t: Translate, fmt: Formats): string {
  const { pace } = d;
  if (pace.basis === 'goal') return goalLine(pace.goal, t, fmt);
  const period = t(`goals.this.${d.period}`);
  const v = voiceOf(d, t, fmt);
  if (pace.basis === 'none') return t('diagnosis.pace.none', { won: wholeMoney(pace.won, v), period });
  // Without a goal there is no goal to meet: past the usual whole period is simply ahead.
  const status = pace.pace.status === 'done' ? 'ahead' : pace.pace.status;
  return t('diagnosis.pace.usual', { won: wholeMoney(pace.won, v), expected: wholeMoney(pace.pace.expected, v), period, status: t(`goals.pace.${status}`) });
}

function title(d: Diagnosis, t: Translate): string {
  const subject = d.subject.kind === 'team' ? t('goals.team', { team: d.subject.name }) : d.subject.name;
  return t('diagnosis.title', { subject, period: t(`goals.this.${d.period}`) });
}

const causeHeading = (c: RankedCause, rank: number, t: Translate): string =>
  t('diagnosis.cause', { rank, cause: t(`diagnosis.causes.${c.cause}`), score: c.score });

/** "Alice (price), Bob" */
function repsLine(reps: readonly RepToCoach[], t: Translate): string {
  const names = reps.map((r) => (r.focus ? t('diagnosis.rep_focus', { rep: r.name, reason: t(`deals.reasons.${r.focus}`) }) : r.name));
  return t('diagnosis.reps_to_coach', { reps: names.join(', ') });
}

/** The opening sentence of the findings. */
function headline(d: Diagnosis, t: Translate): string {
  const f = d.findings;
  if (f.onPace) return t(f.working.length > 0 ? 'diagnosis.on_pace' : 'diagnosis.on_pace_quiet');
  if (f.causes.length === 0) return t(d.pace.basis === 'none' ? 'diagnosis.unknown_quiet' : 'diagnosis.behind_quiet');
  return t(d.pace.basis === 'none' ? 'diagnosis.unknown' : 'diagnosis.behind');
}

const bullets = (lines: readonly string[]): string => lines.map((line) => `• ${line}`).join('\n');

/**
 * What `/diagnose` answers: the pace, then each likely cause (most likely first) with its evidence
 * and next steps, or, on pace, what is working; how the ranking works in a footnote.
 */
export function diagnosisMessage(d: Diagnosis, t: Translate, fmt: Formats): Message {
  const v = voiceOf(d, t, fmt);
  const f = d.findings;
  const blocks: (Block | false)[] = [text(paceLine(d, t, fmt)), text(headline(d, t), 'strong')];
  if (f.onPace) {
    if (f.working.length > 0) blocks.push(text(bullets(f.working.map((w) => workingText(w, v)))));
  } else {
    f.causes.forEach((c, i) => {
      blocks.push(
        text(causeHeading(c, i + 1, t), 'strong'),
        text(bullets(c.evidence.map((e) => evidenceText(e, v)))),
        context(c.nextSteps.map((s) => t('diagnosis.next_step', { step: nextStepText(s, t) })).join('\n')),
      );
    });
  }
  // The people cause already names them; otherwise (on pace, or people not among the causes) they are listed apart.
  const peopleListed = !f.onPace && f.causes.some((c) => c.cause === 'people');
  blocks.push(!peopleListed && f.repsToCoach.length > 0 && context(repsLine(f.repsToCoach, t)));
  blocks.push(context(t(`diagnosis.footer.${d.period}`, { count: d.usualPeriods })));
  return message(blocks, { title: title(d, t) });
}

/**
 * A diagnosis in a few lines, for the weekly managers' digest: who and where they stand, then either
 * the top causes (each with its strongest evidence and first next step) or what is working; reps to coach.
 * `withPace: false` leaves out the pace line where the post already shows it (the digest's goals).
 */
export function diagnosisBlocks(d: Diagnosis, t: Translate, fmt: Formats, { withPace = true } = {}): Block[] {
  const v = voiceOf(d, t, fmt);
  const f = d.findings;
  const lines: string[] = [];
  if (f.onPace) {
    lines.push(t(f.working.length > 0 ? 'diagnosis.on_pace' : 'diagnosis.on_pace_quiet'), ...f.working.slice(0, 2).map((w) => `• ${workingText(w, v)}`));
  } else if (f.causes.length === 0) {
    lines.push(headline(d, t));
  } else {
    for (const [i, c] of f.causes.slice(0, 3).entries()) {
      const [evidence] = c.evidence;
      const [step] = c.nextSteps;
      lines.push(`${causeHeading(c, i + 1, t)}${evidence ? `: ${evidenceText(evidence, v)}` : ''}${step ? ` → ${nextStepText(step, t)}` : ''}`);
    }
  }
  return [
    text(title(d, t), 'strong'),
    ...(withPace ? [text(paceLine(d, t, fmt))] : []),
    text(lines.join('\n')),
    ...(f.repsToCoach.length > 0 ? [context(repsLine(f.repsToCoach, t))] : []),
  ];
}
