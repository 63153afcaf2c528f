import type { Db } from '../../db/database.ts';
import type { Incentive, IncentiveAward, IncentiveKind, IncentivePeriod, IncentiveRule } from './incentive.table.ts';

export interface NewIncentive {
  workspaceId: number;
  name: string;
  kind: IncentiveKind;
  amount?: { minor: bigint; currency: string };
  rule: IncentiveRule;
  threshold: number;
  period: IncentivePeriod;
  createdBy: number;
  at: Date;
}

export async function insertIncentive(db: Db, i: NewIncentive): Promise<Incentive> {
  return db
    .insertInto('incentives')
    .values({
      workspace_id: i.workspaceId, name: i.name, kind: i.kind, amount_minor: i.amount?.minor ?? null, currency: i.amount?.currency ?? null,
      rule: i.rule, threshold: i.threshold, period: i.period, created_by: i.createdBy, created_at: i.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The workspace's incentives on offer now, oldest first. */
export async function activeIncentives(db: Db, workspaceId: number): Promise<Incentive[]> {
  return db.selectFrom('incentives').selectAll().where('workspace_id', '=', workspaceId).where('ended_at', 'is', null).orderBy('id').execute();
}

export async function findActiveByName(db: Db, workspaceId: number, name: string): Promise<Incentive | undefined> {
  return db.selectFrom('incentives').selectAll()
    .where('workspace_id', '=', workspaceId).where('ended_at', 'is', null)
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
}

/** Ends an incentive on offer; what was earned under it stays. Undefined when there is no such live one. */
export async function endIncentive(db: Db, workspaceId: number, id: number, at: Date): Promise<Incentive | undefined> {
  return db.updateTable('incentives').set({ ended_at: at })
    .where('workspace_id', '=', workspaceId).where('id', '=', id).where('ended_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * The incentives that applied to a period: on offer before it ended and not ended before then. Which
 * incentives count is decided by the period alone, so announcing it again (a retry, a late run) can
 * never award something added after the period closed.
 */
export async function incentivesFor(db: Db, workspaceId: number, period: IncentivePeriod, periodEnd: Date): Promise<Incentive[]> {
  return db.selectFrom('incentives').selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('period', '=', period)
    .where('created_at', '<', periodEnd)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>=', periodEnd)]))
    .orderBy('id')
    .execute();
}

/** Records earned incentives; one per incentive, rep and period however often it runs. Returns how many were new. */
export async function recordAwards(
  db: Db,
  awards: { workspaceId: number; incentiveId: number; memberId: number; period: IncentivePeriod; periodStart: string; attainmentPpm: bigint; rank: number }[],
): Promise<number> {
  if (awards.length === 0) return 0;
  const rows = await db
    .insertInto('incentive_awards')
    .values(awards.map((a) => ({
      workspace_id: a.workspaceId, incentive_id: a.incentiveId, member_id: a.memberId, period: a.period, period_start: a.periodStart, attainment_ppm: a.attainmentPpm, rank: a.rank,
    })))
    .onConflict((oc) => oc.columns(['incentive_id', 'member_id', 'period_start']).doNothing())
    .returning('id')
    .execute();
  return rows.length;
}

/** An earned incentive as lists show it. */
export interface AwardView {
  award: IncentiveAward;
  incentive: Incentive;
  member: string;
}

const awardViews = (db: Db) =>
  db.selectFrom('incentive_awards as a')
    .innerJoin('incentives as i', 'i.id', 'a.incentive_id')
    .innerJoin('members as m', 'm.id', 'a.member_id')
    .selectAll('a')
    .select([
      'i.name', 'i.kind', 'i.amount_minor', 'i.currency', 'i.rule', 'i.threshold', 'i.created_by', 'i.created_at as incentive_created_at', 'i.ended_at',
      'm.display_name as member',
    ]);

type AwardRow = Awaited<ReturnType<ReturnType<typeof awardViews>['execute']>>[number];

function toView(row: AwardRow): AwardView {
  const { name, kind, amount_minor, currency, rule, threshold, created_by, incentive_created_at, ended_at, member, ...award } = row;
  return {
    award,
    member,
    incentive: { id: award.incentive_id, workspace_id: award.workspace_id, name, kind, amount_minor, currency, rule, threshold, period: award.period, created_by, created_at: incentive_created_at, ended_at },
  };
}

/** What a rep earned, newest period first. */
export async function awardsOf(db: Db, memberId: number, limit: number): Promise<AwardView[]> {
  const rows = await awardViews(db).where('a.member_id', '=', memberId).orderBy('a.period_start', 'desc').orderBy('a.id').limit(limit).execute();
  return rows.map(toView);
}

/** Earned and not yet delivered in a workspace, oldest first, with how many there are in all. */
export async function pendingAwards(db: Db, workspaceId: number, limit: number): Promise<{ rows: AwardView[]; total: number }> {
  const [rows, total] = await Promise.all([
    awardViews(db).where('a.workspace_id', '=', workspaceId).where('a.delivered_at', 'is', null).orderBy('a.period_start').orderBy('a.id').limit(limit).execute(),
    db.selectFrom('incentive_awards').select((eb) => eb.fn.countAll<string>().as('n')).where('workspace_id', '=', workspaceId).where('delivered_at', 'is', null).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map(toView), total: Number(total.n) };
}

export async function findAward(db: Db, workspaceId: number, id: number): Promise<AwardView | undefined> {
  const row = await awardViews(db).where('a.workspace_id', '=', workspaceId).where('a.id', '=', id).forUpdate('a').executeTakeFirst();
  return row && toView(row);
}

export async function markDelivered(db: Db, id: number, by: number, at: Date): Promise<void> {
  await db.updateTable('incentive_awards').set({ delivered_at: at, delivered_by: by }).where('id', '=', id).execute();
}
