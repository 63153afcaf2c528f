import { sql, type Kysely } from 'kysely';

/**
 * What the weekly digest (and its diagnosis) reads per team, as index scans instead of a pass over every deal (the
 * benchmark: 220 ms per team on 1M deals, so 500 teams took almost two minutes). The foundation's
 * team index holds only deals not lost (goal progress); the digest also counts lost deals and their
 * reasons, measures delivery lag, and finds won deals waiting to be delivered.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Won and lost per rep, and loss reasons, in a week: index-only.
  await sql`create index deals_team_week_idx on deals (workspace_id, team_id, occurred_at) include (member_id, stage, loss_reason)`.execute(db);
  // Days from won to delivered, by when the deal was delivered.
  await sql`create index deals_team_delivered_idx on deals (workspace_id, team_id, delivered_at) include (won_at) where delivered_at is not null`.execute(db);
  // Won, not yet delivered, and for how long.
  await sql`create index deals_team_undelivered_idx on deals (workspace_id, team_id, won_at) where stage = 'won'`.execute(db);
  // A team's feedback in a window (the digest's highlights, the diagnosis's tally), and a team's reps.
  await sql`create index feedback_team_created_idx on feedback (workspace_id, team_id, created_at)`.execute(db);
  await sql`create index members_team_idx on members (workspace_id, team_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const index of ['members_team_idx', 'feedback_team_created_idx', 'deals_team_undelivered_idx', 'deals_team_delivered_idx', 'deals_team_week_idx']) await sql`drop index ${sql.id(index)}`.execute(db);
}
