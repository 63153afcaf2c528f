import type { Db } from '../../db/database.ts';
import { dealRef } from '../deals/deal.ts';
import type { DealLink } from '../feedback/feedback.repository.ts';
import type { Member } from '../members/member.table.ts';
import type { Kudos } from './kudos.table.ts';

export async function insertKudos(
  db: Db,
  k: { workspaceId: number; giverId: number; teamId: number | null; reason: string; dealId: bigint | null; receiverIds: number[]; at: Date },
): Promise<Kudos> {
  const kudos = await db
    .insertInto('kudos')
    .values({ workspace_id: k.workspaceId, giver_id: k.giverId, team_id: k.teamId, reason: k.reason, deal_id: k.dealId, created_at: k.at })
    .returningAll()
    .executeTakeFirstOrThrow();
  await db.insertInto('kudos_receivers').values(k.receiverIds.map((memberId) => ({ kudos_id: kudos.id, member_id: memberId }))).execute();
  return kudos;
}

/** A shout-out as its posts show it: who gave it, to whom, for what, and the deal. */
export interface KudosView {
  kudos: Kudos;
  giver: string;
  receivers: Member[];
  deal?: DealLink;
}

export async function kudosView(db: Db, kudosId: number): Promise<KudosView | undefined> {
  const row = await db
    .selectFrom('kudos as k')
    .innerJoin('members as g', 'g.id', 'k.giver_id')
    .leftJoin('deals as d', 'd.id', 'k.deal_id')
    .selectAll('k')
    .select(['g.display_name as giver', 'd.number as deal_number', 'd.customer as deal_customer', 'd.amount_minor as deal_amount', 'd.currency as deal_currency'])
    .where('k.id', '=', kudosId)
    .executeTakeFirst();
  if (!row) return undefined;
  const receivers = await db
    .selectFrom('kudos_receivers as r')
    .innerJoin('members as m', 'm.id', 'r.member_id')
    .selectAll('m')
    .where('r.kudos_id', '=', kudosId)
    .orderBy('m.display_name')
    .execute();
  const { giver, deal_number, deal_customer, deal_amount, deal_currency, ...kudos } = row;
  return {
    kudos,
    giver,
    receivers,
    ...(deal_number !== null && deal_customer !== null && deal_currency !== null && {
      deal: { ref: dealRef(deal_number), customer: deal_customer, amountMinor: deal_amount, currency: deal_currency },
    }),
  };
}

/** Kudos a rep received since a moment, newest first, with who gave them. */
export async function kudosReceived(db: Db, memberId: number, since: Date, limit: number): Promise<{ total: number; latest: { giver: string; reason: string; at: Date }[] }> {
  const base = db
    .selectFrom('kudos_receivers as r')
    .innerJoin('kudos as k', 'k.id', 'r.kudos_id')
    .where('r.member_id', '=', memberId)
    .where('k.created_at', '>=', since);
  const [latest, total] = await Promise.all([
    base.innerJoin('members as g', 'g.id', 'k.giver_id').select(['g.display_name as giver', 'k.reason', 'k.created_at as at']).orderBy('k.created_at', 'desc').limit(limit).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(total.n), latest };
}
