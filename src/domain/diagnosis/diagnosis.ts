import type { LossReason } from '../deals/deal.table.ts';
import type { GoalStatus } from '../goals/goal.ts';
import type { PeriodKind } from '../goals/goal.table.ts';
import type { Pace } from '../goals/pace.ts';
import type { Member } from '../members/member.table.ts';
import type { Team } from '../teams/team.table.ts';

/*
 * The vocabulary of a diagnosis: the facts the rules read (DiagnosisInput), and what they conclude
 * (Findings). Evidence and next steps are typed facts, not sentences: the views put them into words
 * in the reader's language, and tests compare facts rather than prose.
 */

/**
 * What can hold a subject back. The order is also the tie-break: a product, its price, its delivery
 * and the service around it are looked at before the people selling it, so two equally strong causes
 * never blame a person first.
 */
export const CAUSES = ['product', 'price', 'delivery', 'service', 'people'] as const;
export type Cause = (typeof CAUSES)[number];

/**
 * What `/diagnose` accepts: a week, a month or a quarter. A year has too few comparable years before
 * it, and is half over before a diagnosis could help; the service itself takes any period.
 */
export const DIAGNOSIS_PERIODS: readonly PeriodKind[] = ['week', 'month', 'quarter'];

/** Whom a diagnosis is about. */
export type DiagnosisSubject = { kind: 'company' } | { kind: 'team'; team: Team } | { kind: 'rep'; member: Member };

/** Lost deals counted by the reason their rep gave; the sum is the number lost. */
export type ReasonCounts = Record<LossReason, number>;

/** The subject's deals and feedback in one window: the period so far ("now"), or the usual periods before it. */
export interface WindowFacts {
  won: number;
  wonMinor: bigint;
  lost: ReasonCounts;
  /** Median amount of a won deal, minor units; null without won deals. */
  medianDealMinor: number | null;
  /** Deals delivered in the window, and their median days from won to delivered (null: none). */
  delivered: number;
  medianDeliveryDays: number | null;
  /** Feedback written in the window: about products, and what customers said. */
  productFeedback: number;
  customerFeedback: number;
}

/** One product's deals in the period so far. */
export interface ProductFacts {
  product: string;
  won: number;
  lost: ReasonCounts;
  /** Won more than STUCK_DAYS ago and still not delivered. */
  stuck: number;
  /** Product feedback in the period that names it (its deal's product, or its name in the text). */
  feedback: number;
}

/** One rep in the period so far, with what a manager weighs beside the numbers. */
export interface RepFacts {
  memberId: number;
  name: string;
  /** A rep of the subject, judged here; the others are only peers to compare with. */
  judged: boolean;
  /** Progress toward their goal for the period (0.38 is 38%); undefined without a goal. */
  attainment?: number;
  won: number;
  wonMinor: bigint;
  lost: ReasonCounts;
  overdueTrainings: number;
  /** Whole days since they were last coached; null: never. */
  daysSinceCoaching: number | null;
}

/** Everything the rules read; built by the service from a few aggregate queries. */
export interface DiagnosisInput {
  /** Where the subject stands: against its goal, else against its usual; unknown with neither. */
  pace: 'behind' | 'on_pace' | 'unknown';
  /** Share of the period's working days gone, 0–1. */
  elapsed: number;
  /** How many periods of the same kind the usual spans. */
  usualPeriods: number;
  now: WindowFacts;
  usual: WindowFacts;
  /** The subject's deals won more than STUCK_DAYS ago and not delivered yet. */
  stuck: number;
  products: ProductFacts[];
  /** The subject's reps (judged) and, for a rep, their peers. */
  reps: RepFacts[];
}

/** How a rep compares with their peers: share of goal when goals allow, else amount won. */
export type Standing =
  | { basis: 'goal'; attainment: number; peers: number }
  | { basis: 'won'; wonMinor: bigint; peersMinor: bigint };

/** One fact behind a cause, as numbers; the views word it. */
export type Evidence =
  /** "6 of 9 lost deals cite price; usually 2 of 9" (the usual share applied to the same total). */
  | { kind: 'loss_share'; reason: LossReason; count: number; total: number; usual: number; usualKnown: boolean }
  /** "Widgets: lost 5 of 7 deals decided; other deals 2 of 13" */
  | { kind: 'product_losses'; product: string; lost: number; decided: number; othersLost: number; othersDecided: number }
  /** "6 product feedback notes, usually 2 by now; 4 about Widgets" */
  | { kind: 'feedback'; about: 'product' | 'customer'; count: number; usual: number; product?: string; productCount?: number }
  /** "median won deal €8,200, usually €11,000" */
  | { kind: 'deal_size'; medianMinor: bigint; usualMinor: bigint }
  /** "median 12 days from won to delivered, usually 5" (whole days, rounded) */
  | { kind: 'delivery_time'; days: number; usualDays: number; delivered: number }
  /** "4 deals won but not delivered after 14 days; 3 of them Widgets" */
  | { kind: 'stuck'; count: number; days: number; product?: string; productCount?: number }
  /** "Alice is at 38% of her goal while the team is at 81%" */
  | ({ kind: 'rep_behind'; rep: string } & Standing)
  /** "Alice won 2 deals, the team's median is 6" */
  | { kind: 'rep_deals'; rep: string; won: number; peers: number }
  | { kind: 'training_overdue'; rep: string; count: number }
  /** No coaching logged in `days` days; null: never. */
  | { kind: 'no_coaching'; rep: string; days: number | null };

/** What to do about a cause, as a typed action; the views word it. */
export type NextStep =
  | { kind: 'coach_on_objection'; rep: string; reason: LossReason }
  | { kind: 'coach'; rep: string }
  | { kind: 'finish_training'; rep: string; count: number }
  | { kind: 'review_pricing' }
  | { kind: 'raise_with_product'; product?: string }
  | { kind: 'ask_production'; product?: string }
  | { kind: 'review_service' }
  | { kind: 'review_losses'; reason: LossReason };

/** A likely cause with its score (points, see diagnosis.rules.ts), the facts behind it and what to do. */
export interface RankedCause {
  cause: Cause;
  score: number;
  evidence: Evidence[];
  nextSteps: NextStep[];
}

/** What is going well when the subject is on pace. */
export type Working =
  /** "lost 2 of 14 deals decided, usually 4 of 14" */
  | { kind: 'fewer_losses'; lost: number; decided: number; usual: number }
  | { kind: 'best_product'; product: string; won: number; decided: number }
  | ({ kind: 'best_rep'; rep: string } & Standing)
  | { kind: 'faster_delivery'; days: number; usualDays: number };

/** A rep well behind their peers, and what to coach them on (their most cited loss reason, if any). */
export interface RepToCoach {
  memberId: number;
  name: string;
  standing: Standing;
  focus?: LossReason;
  overdueTrainings: number;
  daysSinceCoaching: number | null;
}

/** What the rules conclude: the ranked causes when behind, what is working when on pace; reps to coach either way. */
export type Findings =
  | { onPace: true; working: Working[]; repsToCoach: RepToCoach[] }
  | { onPace: false; causes: RankedCause[]; repsToCoach: RepToCoach[] };

/** Where the subject stands, and against what. */
export type PaceFact =
  | { basis: 'goal'; goal: GoalStatus }
  /** No goal: the period so far against the usual period's average won, at the same point. */
  | { basis: 'usual'; won: bigint; usualPerPeriod: bigint; pace: Pace }
  | { basis: 'none'; won: bigint };

/** A whole diagnosis: whom and when, where they stand, and what the rules found. */
export interface Diagnosis {
  subject: { kind: DiagnosisSubject['kind']; name: string };
  period: PeriodKind;
  /** First day of the period (ISO, workspace zone). */
  periodStart: string;
  usualPeriods: number;
  pace: PaceFact;
  /** Whom reps were compared with: their team, or the whole company. */
  peers: 'team' | 'company';
  currency: string;
  findings: Findings;
}
