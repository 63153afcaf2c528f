import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';

export type SeededDealStage = 'won' | 'delivered' | 'lost';

/** What a seeded deal may set beyond its stage and instant; everything has a plain default. */
export interface SeededDealOptions {
  /** A lost deal's reason (default `price`). */
  reason?: 'price' | 'product';
  /** How long after it was won a delivered deal was delivered (default 5 days). */
  deliveredAfterDays?: number;
  /** Default `Customer <number>`. */
  customer?: string;
  /** Default `Widgets`. */
  product?: string;
  /** Default €1,000 (100 000 minor units, EUR). */
  amountMinor?: bigint;
}

/**
 * A deal written straight to `deals` at a given instant (the history before Pacer's clock), bypassing
 * the commands: numbered after every deal already in the table, for the member whose platform id is
 * `userId`, in the given workspace and team. Won and delivered deals are won at `at`, a lost one is
 * lost then.
 */
export async function seedDeal(
  db: Kysely<Database>,
  where: { workspaceId: number; teamId: number },
  userId: string,
  stage: SeededDealStage,
  at: string,
  options: SeededDealOptions = {},
): Promise<void> {
  const occurred = new Date(at);
  const number = Number((await db.selectFrom('deals').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n) + 1;
  const member = await db.selectFrom('members').select('id').where('external_id', '=', userId).executeTakeFirstOrThrow();
  await db.insertInto('deals').values({
    workspace_id: where.workspaceId, number, member_id: member.id, team_id: where.teamId, customer: options.customer ?? `Customer ${number}`, product: options.product ?? 'Widgets',
    amount_minor: options.amountMinor ?? 100_000n, currency: 'EUR', stage, loss_reason: stage === 'lost' ? (options.reason ?? 'price') : null, occurred_at: occurred,
    won_at: stage === 'lost' ? null : occurred,
    delivered_at: stage === 'delivered' ? new Date(occurred.getTime() + (options.deliveredAfterDays ?? 5) * 86_400_000) : null,
    serviced_at: null, lost_at: stage === 'lost' ? occurred : null,
  }).execute();
}
