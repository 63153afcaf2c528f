import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.ts';
import { LOSS_REASONS } from '../deals/deal.table.ts';
import type { GoalMetric, PeriodKind } from '../goals/goal.table.ts';
import type { Member } from '../members/member.table.ts';
import type { TrainingAssignment } from '../training/training.table.ts';
import type { ReasonCounts } from './diagnosis.ts';

/*
 * What a diagnosis reads, aggregated in PostgreSQL: each query returns a row per product, per rep or
 * per window, never a row per deal. Sized for a workspace with a million deals (see docs/diagnosis.md,
 * "Cost"): the won side reads the partial indexes on `stage <> 'lost'` (member, team or workspace,
 * by occurred_at). Those indexes leave lost deals out, so the one query over lost deals aggregates
 * everything needed from them at once: a (parallel) scan of the table for the company, an index scan
 * for a rep, and for a team wherever an index on its deals of every stage exists.
 */

/** Whose deals: the workspace's, a team's (by the team each deal was logged in) or one rep's. */
export interface DealScope {
  workspaceId: number;
  teamId?: number;
  memberId?: number;
}

/** The instants a diagnosis reads between. */
export interface Windows {
  /** Start of the usual: the periods of the same kind before the current one. */
  usualFrom: Date;
  /** Start of the current period. */
  from: Date;
  /** Now: the period so far ends here. */
  to: Date;
  /** How far back won deals are read for deliveries and stuck deals (at least 90 days). */
  lookbackFrom: Date;
  /** A deal won before this and not delivered is stuck. */
  stuckBefore: Date;
}

function scopeFilter(scope: DealScope): RawBuilder<unknown> {
  if (scope.memberId !== undefined) return sql`and d.member_id = ${scope.memberId}`;
  if (scope.teamId !== undefined) return sql`and d.team_id = ${scope.teamId}`;
  return sql``;
}

/** Won deals of the period and of the usual, in count and amount; and how many are stuck undelivered. */
export interface WonTally {
  won: number;
  wonMinor: bigint;
  usualWon: number;
  usualWonMinor: bigint;
  stuck: number;
}

/**
 * The scope's won deals: in all and per product (products compared ignoring case, shown as first
 * written). One pass over the partial index of the scope, from the lookback on: the usual counts
 * only deals from `usualFrom`, stuck deals count from the lookback.
 */
export async function wonTallies(db: Db, scope: DealScope, w: Windows): Promise<{ total: WonTally; products: (WonTally & { product: string })[] }> {
  const { rows } = await sql<{ by_product: boolean; product: string | null; won: number; won_minor: bigint; usual_won: number; usual_won_minor: bigint; stuck: number }>`
    select grouping(lower(d.product)) = 0 as by_product, min(d.product) as product,
      count(*) filter (where d.occurred_at >= ${w.from})::int as won,
      coalesce(sum(d.amount_minor) filter (where d.occurred_at >= ${w.from}), 0)::bigint as won_minor,
      count(*) filter (where d.occurred_at >= ${w.usualFrom} and d.occurred_at < ${w.from})::int as usual_won,
      coalesce(sum(d.amount_minor) filter (where d.occurred_at >= ${w.usualFrom} and d.occurred_at < ${w.from}), 0)::bigint as usual_won_minor,
      count(*) filter (where d.stage = 'won' and d.won_at < ${w.stuckBefore})::int as stuck
    from deals d
    where d.workspace_id = ${scope.workspaceId} ${scopeFilter(scope)} and d.stage <> 'lost'
      and d.occurred_at >= ${w.lookbackFrom} and d.occurred_at < ${w.to}
    group by grouping sets ((), (lower(d.product)))`.execute(db);
  const tally = (r: (typeof rows)[number]): WonTally => ({ won: r.won, wonMinor: BigInt(r.won_minor), usualWon: r.usual_won, usualWonMinor: BigInt(r.usual_won_minor), stuck: r.stuck });
  const total = rows.find((r) => !r.by_product);
  return {
    total: total ? tally(total) : { won: 0, wonMinor: 0n, usualWon: 0, usualWonMinor: 0n, stuck: 0 },
    products: rows.flatMap((r) => (r.by_product && r.product !== null ? [{ ...tally(r), product: r.product }] : [])),
  };
}

export const noReasons = (): ReasonCounts => ({ product: 0, price: 0, delivery: 0, service: 0, people: 0, other: 0 });

/** Lost deals by reason, now and in the usual. */
export interface LostTally {
  now: ReasonCounts;
  usual: ReasonCounts;
}

/** A count of lost deals per reason, for one window (`now_` true or false), as columns `<reason>_<window>`. */
const reasonColumns = (window: 'now' | 'usual'): RawBuilder<unknown> =>
  sql.join(LOSS_REASONS.map((reason) =>
    sql`count(*) filter (where ${sql.raw(window === 'now' ? 'd.now_' : 'not d.now_')} and d.loss_reason = ${sql.lit(reason)})::int as ${sql.id(`${reason}_${window}`)}`));

/**
 * The scope's lost deals by reason: in all, per product and per rep, in one pass. Lost deals are
 * outside the partial indexes, so this can be the diagnosis's one scan of the deals table; doing all
 * three groupings in it keeps it one.
 */
export async function lostTallies(db: Db, scope: DealScope, w: Windows): Promise<{ total: LostTally; products: (LostTally & { product: string })[]; reps: Map<number, LostTally> }> {
  type Row = { grp: number; product: string | null; member_id: number | null; [column: string]: number | string | null };
  const { rows } = await sql<Row>`
    select grouping(d.product_key, d.member_id) as grp, min(d.product) as product, d.member_id,
      ${reasonColumns('now')}, ${reasonColumns('usual')}
    from (
      select lower(product) as product_key, product, member_id, loss_reason, occurred_at >= ${w.from} as now_
      from deals d
      where d.workspace_id = ${scope.workspaceId} ${scopeFilter(scope)} and d.stage = 'lost'
        and d.occurred_at >= ${w.usualFrom} and d.occurred_at < ${w.to}
    ) d
    group by grouping sets ((), (d.product_key), (d.member_id))`.execute(db);
  const counts = (row: Row, window: 'now' | 'usual'): ReasonCounts => {
    const out = noReasons();
    for (const reason of LOSS_REASONS) out[reason] = Number(row[`${reason}_${window}`] ?? 0);
    return out;
  };
  const tally = (row: Row): LostTally => ({ now: counts(row, 'now'), usual: counts(row, 'usual') });
  // grouping(): a bit set for each column the row's set leaves out: 3 = the total, 1 = per product, 2 = per rep.
  const total = rows.find((r) => r.grp === 3);
  return {
    total: total ? tally(total) : { now: noReasons(), usual: noReasons() },
    products: rows.flatMap((r) => (r.grp === 1 && r.product !== null ? [{ ...tally(r), product: r.product }] : [])),
    reps: new Map(rows.flatMap((r) => (r.grp === 2 && r.member_id !== null ? [[r.member_id, tally(r)] as const] : []))),
  };
}

/** Medians of the scope's won deals: deal size, and days from won to delivered, now and usually. */
export interface Medians {
  dealMinor: number | null;
  usualDealMinor: number | null;
  delivered: number;
  deliveryDays: number | null;
  usualDelivered: number;
  usualDeliveryDays: number | null;
}

/**
 * Medians rather than averages: one €1M deal, or one delivery that took months, would move an average
 * and tell nothing about the rest. Two queries, because deal sizes need no more than the index
 * (occurred_at and amount_minor are in it, an index-only scan) while delivery times need the rows.
 * Deliveries count in the window they happened in, of deals won since the lookback, so a week's
 * diagnosis still sees a delivery that took two months.
 */
export async function medians(db: Db, scope: DealScope, w: Windows): Promise<Medians> {
  const sizes = (await sql<{ deal_now: number | null; deal_usual: number | null }>`
    select
      percentile_cont(0.5) within group (order by d.amount_minor) filter (where d.occurred_at >= ${w.from}) as deal_now,
      percentile_cont(0.5) within group (order by d.amount_minor) filter (where d.occurred_at < ${w.from}) as deal_usual
    from deals d
    where d.workspace_id = ${scope.workspaceId} ${scopeFilter(scope)} and d.stage <> 'lost'
      and d.occurred_at >= ${w.usualFrom} and d.occurred_at < ${w.to}`.execute(db)).rows[0];
  const lag = sql`extract(epoch from d.delivered_at - d.won_at) / 86400`;
  const times = (await sql<{ delivered_now: number; days_now: number | null; delivered_usual: number; days_usual: number | null }>`
    select
      count(*) filter (where d.delivered_at >= ${w.from})::int as delivered_now,
      percentile_cont(0.5) within group (order by ${lag}) filter (where d.delivered_at >= ${w.from}) as days_now,
      count(*) filter (where d.delivered_at < ${w.from})::int as delivered_usual,
      percentile_cont(0.5) within group (order by ${lag}) filter (where d.delivered_at < ${w.from}) as days_usual
    from deals d
    where d.workspace_id = ${scope.workspaceId} ${scopeFilter(scope)} and d.stage <> 'lost'
      and d.occurred_at >= ${w.lookbackFrom} and d.occurred_at < ${w.to}
      and d.delivered_at >= ${w.usualFrom} and d.delivered_at < ${w.to}`.execute(db)).rows[0];
  return {
    dealMinor: sizes?.deal_now ?? null,
    usualDealMinor: sizes?.deal_usual ?? null,
    delivered: times?.delivered_now ?? 0,
    deliveryDays: times?.days_now ?? null,
    usualDelivered: times?.delivered_usual ?? 0,
    usualDeliveryDays: times?.days_usual ?? null,
  };
}

/**
 * Won deals per rep in the period so far, for every rep of the scope with a won deal since the usual
 * began (a rep who sold before but nothing yet this period is in it, at zero).
 */
export async function wonPerRep(db: Db, scope: DealScope, w: Windows): Promise<Map<number, { won: number; wonMinor: bigint }>> {
  const { rows } = await sql<{ member_id: number; won: number; won_minor: bigint }>`
    select d.member_id, count(*) filter (where d.occurred_at >= ${w.from})::int as won,
      coalesce(sum(d.amount_minor) filter (where d.occurred_at >= ${w.from}), 0)::bigint as won_minor
    from deals d
    where d.workspace_id = ${scope.workspaceId} ${scopeFilter(scope)} and d.stage <> 'lost'
      and d.occurred_at >= ${w.usualFrom} and d.occurred_at < ${w.to}
    group by d.member_id`.execute(db);
  return new Map(rows.map((r) => [r.member_id, { won: r.won, wonMinor: BigInt(r.won_minor) }]));
}

/** Reps' goals for a period (revenue preferred when a rep has both), of a team's current members or everyone's. */
export async function repGoals(db: Db, workspaceId: number, period: PeriodKind, periodStart: string, teamId?: number): Promise<Map<number, { metric: GoalMetric; target: bigint }>> {
  let query = db
    .selectFrom('goals as g')
    .innerJoin('members as m', 'm.id', 'g.member_id')
    .select(['g.member_id', 'g.metric', 'g.target'])
    .where('g.workspace_id', '=', workspaceId)
    .where('g.scope', '=', 'rep')
    .where('g.period', '=', period)
    .where('g.period_start', '=', periodStart);
  if (teamId !== undefined) query = query.where('m.team_id', '=', teamId);
  const goals = new Map<number, { metric: GoalMetric; target: bigint }>();
  for (const row of await query.execute()) {
    if (row.member_id === null) continue;
    if (!goals.has(row.member_id) || row.metric === 'revenue') goals.set(row.member_id, { metric: row.metric, target: row.target });
  }
  return goals;
}

/** Feedback in the scope: product notes and customer notes, now and usually, and product notes per product. */
export interface FeedbackTally {
  product: number;
  customer: number;
  usualProduct: number;
  usualCustomer: number;
  /** Product notes now per product (lowercased name). */
  perProduct: Map<string, number>;
}

/**
 * Feedback of the scope's authors. A product note names a product through its deal, or else by
 * containing a known product's name (the longest that matches: "Widgets Pro" before "Widgets").
 */
export async function feedbackTally(db: Db, scope: DealScope, w: Windows, products: readonly string[]): Promise<FeedbackTally> {
  const filter = scope.memberId !== undefined ? sql`and f.member_id = ${scope.memberId}` : scope.teamId !== undefined ? sql`and f.team_id = ${scope.teamId}` : sql``;
  const { rows } = await sql<{ now_: boolean; kind: 'product' | 'customer'; product_key: string | null; n: number }>`
    select f.created_at >= ${w.from} as now_, f.kind,
      case when f.kind = 'product' then coalesce(lower(d.product),
        (select lower(p) from unnest(${[...products]}::text[]) p where strpos(lower(f.text), lower(p)) > 0 order by length(p) desc, p limit 1)) end as product_key,
      count(*)::int as n
    from feedback f left join deals d on d.id = f.deal_id
    where f.workspace_id = ${scope.workspaceId} ${filter} and f.kind in ('product', 'customer')
      and f.created_at >= ${w.usualFrom} and f.created_at < ${w.to}
    group by 1, 2, 3`.execute(db);
  const tally: FeedbackTally = { product: 0, customer: 0, usualProduct: 0, usualCustomer: 0, perProduct: new Map() };
  for (const r of rows) {
    if (r.kind === 'product') {
      if (r.now_) tally.product += r.n;
      else tally.usualProduct += r.n;
      if (r.now_ && r.product_key !== null) tally.perProduct.set(r.product_key, (tally.perProduct.get(r.product_key) ?? 0) + r.n);
    } else if (r.now_) tally.customer += r.n;
    else tally.usualCustomer += r.n;
  }
  return tally;
}

export async function membersByIds(db: Db, workspaceId: number, ids: readonly number[]): Promise<Member[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('members').selectAll().where('workspace_id', '=', workspaceId).where(sql<boolean>`id = any(${[...ids]}::int[])`).orderBy('id').execute();
}

/** The live training assignments of some reps, and which of their cycles since `since` are done. */
export async function liveAssignments(db: Db, workspaceId: number, memberIds: readonly number[]): Promise<TrainingAssignment[]> {
  if (memberIds.length === 0) return [];
  return db
    .selectFrom('training_assignments')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('ended_at', 'is', null)
    .where(sql<boolean>`member_id = any(${[...memberIds]}::int[])`)
    .orderBy('id')
    .execute();
}

/** Done cycles of these assignments from `since` on, as `<assignmentId>:<cycleStart>` keys. */
export async function doneCycles(db: Db, assignmentIds: readonly number[], since: string): Promise<Set<string>> {
  if (assignmentIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('training_completions')
    .select(['assignment_id', 'cycle_start'])
    .where(sql<boolean>`assignment_id = any(${[...assignmentIds]}::int[])`)
    .where('cycle_start', '>=', since)
    .execute();
  return new Set(rows.map((r) => `${r.assignment_id}:${r.cycle_start}`));
}

/** When each of these reps was last coached (reps never coached are absent). */
export async function lastCoachedOf(db: Db, workspaceId: number, memberIds: readonly number[]): Promise<Map<number, Date>> {
  if (memberIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('coaching_notes')
    .select(['member_id', (eb) => eb.fn.max('created_at').as('at')])
    .where('workspace_id', '=', workspaceId)
    .where(sql<boolean>`member_id = any(${[...memberIds]}::int[])`)
    .groupBy('member_id')
    .execute();
  return new Map(rows.map((r) => [r.member_id, r.at]));
}
