import { sql } from 'kysely';
import type { Db } from '../../db/database.ts';
import { dealRef } from '../deals/deal.ts';
import type { Feedback, FeedbackKind } from './feedback.table.ts';

/** The deal a piece of feedback is tied to, as shown beside it. */
export interface DealLink {
  ref: string;
  customer: string;
  /** Null only for a lost deal logged without a value. */
  amountMinor: bigint | null;
  currency: string;
}

/** A piece of feedback as lists and posts show it: with its author, its deal and its +1s. */
export interface FeedbackItem {
  id: number;
  kind: FeedbackKind;
  text: string;
  memberId: number;
  author: string;
  teamId: number | null;
  createdAt: Date;
  votes: number;
  deal?: DealLink;
}

export interface ItemQuery {
  workspaceId: number;
  /** [from, to): when the feedback was written. */
  from?: Date;
  to?: Date;
  kind?: FeedbackKind;
  /** Only feedback written in this team (the author's team at the time). */
  teamId?: number | null;
}

export async function insertFeedback(
  db: Db,
  f: { workspaceId: number; memberId: number; teamId: number | null; kind: FeedbackKind; text: string; dealId: bigint | null; at: Date },
): Promise<Feedback> {
  return db
    .insertInto('feedback')
    .values({ workspace_id: f.workspaceId, member_id: f.memberId, team_id: f.teamId, kind: f.kind, text: f.text, deal_id: f.dealId, created_at: f.at })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Feedback with author, deal and +1 count, filtered by workspace, window, kind and team. */
function items(db: Db, q: ItemQuery) {
  let query = db
    .selectFrom('feedback as f')
    .innerJoin('members as m', 'm.id', 'f.member_id')
    .leftJoin('deals as d', 'd.id', 'f.deal_id')
    .select([
      'f.id', 'f.kind', 'f.text', 'f.member_id', 'f.team_id', 'f.created_at', 'm.display_name',
      'd.number as deal_number', 'd.customer as deal_customer', 'd.amount_minor as deal_amount', 'd.currency as deal_currency',
      sql<number>`(select count(*)::int from feedback_votes v where v.feedback_id = f.id)`.as('votes'),
    ])
    .where('f.workspace_id', '=', q.workspaceId);
  if (q.from) query = query.where('f.created_at', '>=', q.from);
  if (q.to) query = query.where('f.created_at', '<', q.to);
  if (q.kind) query = query.where('f.kind', '=', q.kind);
  if (q.teamId !== undefined && q.teamId !== null) query = query.where('f.team_id', '=', q.teamId);
  return query;
}

type ItemRow = Awaited<ReturnType<ReturnType<typeof items>['execute']>>[number];

function toItem(row: ItemRow): FeedbackItem {
  const deal = row.deal_number === null || row.deal_customer === null || row.deal_currency === null
    ? undefined
    : { ref: dealRef(row.deal_number), customer: row.deal_customer, amountMinor: row.deal_amount, currency: row.deal_currency };
  return {
    id: row.id, kind: row.kind, text: row.text, memberId: row.member_id, author: row.display_name, teamId: row.team_id,
    createdAt: row.created_at, votes: row.votes, ...(deal && { deal }),
  };
}

/** The newest feedback first; written in the same instant, the later one first (by id), so lists never shuffle. */
export async function latestFeedback(db: Db, q: ItemQuery & { limit: number }): Promise<FeedbackItem[]> {
  const rows = await items(db, q).orderBy('f.created_at', 'desc').orderBy('f.id', 'desc').limit(q.limit).execute();
  return rows.map(toItem);
}

/** The techniques with the most +1s, then the newest. */
export async function topTechniques(db: Db, q: { workspaceId: number; from: Date; to: Date; teamId: number | null; limit: number }): Promise<FeedbackItem[]> {
  const rows = await items(db, { ...q, kind: 'technique' })
    .orderBy('votes', 'desc')
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(q.limit)
    .execute();
  return rows.map(toItem);
}

/** The newest `limit` items of each kind, in one query. */
export async function latestPerKind(db: Db, q: ItemQuery & { limit: number }): Promise<FeedbackItem[]> {
  const rows = await db
    .selectFrom(
      items(db, q)
        .select(sql<number>`row_number() over (partition by f.kind order by f.created_at desc, f.id desc)`.as('place'))
        .as('i'),
    )
    .selectAll()
    .where('place', '<=', q.limit)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toItem);
}

/** One piece of feedback, only within the workspace: another workspace's id finds nothing. */
export async function findFeedbackItem(db: Db, workspaceId: number, id: number): Promise<FeedbackItem | undefined> {
  const row = await items(db, { workspaceId }).where('f.id', '=', id).executeTakeFirst();
  return row && toItem(row);
}

/** Records a +1; false when this person had given it already (the primary key decides, even in a race). */
export async function insertVote(db: Db, feedbackId: number, memberId: number, at: Date): Promise<boolean> {
  const row = await db
    .insertInto('feedback_votes')
    .values({ feedback_id: feedbackId, member_id: memberId, created_at: at })
    .onConflict((oc) => oc.columns(['feedback_id', 'member_id']).doNothing())
    .returning('feedback_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** How many of each kind were written in the window. */
export async function countByKind(db: Db, q: { workspaceId: number; from: Date; to: Date; teamId?: number | null }): Promise<Record<FeedbackKind, number>> {
  let query = db
    .selectFrom('feedback')
    .select(['kind', sql<number>`count(*)::int`.as('n')])
    .where('workspace_id', '=', q.workspaceId)
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to)
    .groupBy('kind');
  if (q.teamId !== undefined && q.teamId !== null) query = query.where('team_id', '=', q.teamId);
  const counts: Record<FeedbackKind, number> = { customer: 0, product: 0, technique: 0 };
  for (const row of await query.execute()) counts[row.kind] = row.n;
  return counts;
}

/** A product's sales in a window. */
export interface ProductSales {
  product: string;
  currency: string;
  wonMinor: bigint;
  deals: number;
}

/**
 * The products that sold most in [from, to): deals not lost, by won amount, then count. Names are
 * typed freely, so `Widgets` and `widgets` are one product, shown as most deals spelled it.
 */
export async function topProducts(db: Db, q: { workspaceId: number; from: Date; to: Date; teamId: number | null; limit: number }): Promise<ProductSales[]> {
  let query = db
    .selectFrom('deals')
    .select([
      sql<string>`mode() within group (order by product)`.as('product'),
      'currency',
      sql<bigint>`coalesce(sum(amount_minor), 0)::bigint`.as('won'),
      sql<number>`count(*)::int`.as('deals'),
    ])
    .where('workspace_id', '=', q.workspaceId)
    .where('stage', '<>', 'lost')
    .where('occurred_at', '>=', q.from)
    .where('occurred_at', '<', q.to)
    .where('product', 'is not', null)
    .groupBy([sql`lower(product)`, 'currency'])
    .orderBy('won', 'desc')
    .orderBy('deals', 'desc')
    .orderBy('product')
    .limit(q.limit);
  if (q.teamId !== null) query = query.where('team_id', '=', q.teamId);
  const rows = await query.execute();
  return rows.map((r) => ({ product: r.product, currency: r.currency, wonMinor: r.won, deals: r.deals }));
}

export async function teamName(db: Db, workspaceId: number, teamId: number): Promise<string | undefined> {
  const row = await db.selectFrom('teams').select('name').where('workspace_id', '=', workspaceId).where('id', '=', teamId).executeTakeFirst();
  return row?.name;
}
