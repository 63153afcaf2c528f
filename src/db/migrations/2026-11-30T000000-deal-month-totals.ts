import { sql, type Kysely } from 'kysely';

/**
 * Won totals per rep and calendar month (in the workspace's time zone), kept by triggers on `deals`,
 * so the leaderboard of a month, quarter or year sums at most a few rows per rep instead of every
 * deal of the period (38,000 a month in the benchmark's million-deal history). Triggers, not
 * application code, keep it exact whatever writes deals: a command, an undo, an import, a fix by hand.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('deal_month_totals')
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('month', 'date', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('won_minor', 'bigint', (c) => c.notNull())
    .addColumn('won_deals', 'integer', (c) => c.notNull())
    .execute();
  // The key covers the totals, so a period's board is an index-only scan of its months.
  await sql`alter table deal_month_totals add constraint deal_month_totals_pkey
            primary key (workspace_id, month, member_id) include (won_minor, won_deals)`.execute(db);

  // The month a deal counts in: the first day of its month in the workspace's zone.
  await sql`
    create function pacer_deal_month(workspace integer, at timestamptz) returns date language sql stable as $$
      select date_trunc('month', at at time zone (select timezone from workspaces where id = workspace))::date
    $$`.execute(db);

  // Lost deals never count; won, delivered and serviced ones do. An update moves the deal's share.
  await sql`
    create function pacer_count_deal() returns trigger language plpgsql as $$
    begin
      if tg_op in ('UPDATE', 'DELETE') and old.stage <> 'lost' then
        update deal_month_totals
           set won_minor = won_minor - old.amount_minor, won_deals = won_deals - 1
         where workspace_id = old.workspace_id and member_id = old.member_id
           and month = pacer_deal_month(old.workspace_id, old.occurred_at);
      end if;
      if tg_op in ('UPDATE', 'INSERT') and new.stage <> 'lost' then
        insert into deal_month_totals as t (workspace_id, month, member_id, won_minor, won_deals)
        values (new.workspace_id, pacer_deal_month(new.workspace_id, new.occurred_at), new.member_id, new.amount_minor, 1)
        on conflict (workspace_id, month, member_id)
        do update set won_minor = t.won_minor + excluded.won_minor, won_deals = t.won_deals + 1;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger deals_month_totals after insert or delete on deals for each row execute function pacer_count_deal()`.execute(db);
  await sql`
    create trigger deals_month_totals_moved after update on deals for each row
    when ((old.stage = 'lost') is distinct from (new.stage = 'lost')
       or old.amount_minor is distinct from new.amount_minor
       or old.occurred_at is distinct from new.occurred_at
       or old.member_id is distinct from new.member_id)
    execute function pacer_count_deal()`.execute(db);

  // A new time zone moves month boundaries: count the workspace's months again.
  await sql`
    create function pacer_recount_deal_months() returns trigger language plpgsql as $$
    begin
      perform pacer_fill_deal_months(new.id);
      return null;
    end $$`.execute(db);
  await sql`
    create function pacer_fill_deal_months(workspace integer) returns void language sql as $$
      delete from deal_month_totals where workspace_id = workspace;
      insert into deal_month_totals (workspace_id, month, member_id, won_minor, won_deals)
      select workspace, pacer_deal_month(workspace, occurred_at) as month, member_id, sum(amount_minor), count(*)
        from deals where workspace_id = workspace and stage <> 'lost'
       group by 2, 3;
    $$`.execute(db);
  await sql`
    create trigger workspaces_timezone_recount after update of timezone on workspaces for each row
    when (old.timezone is distinct from new.timezone)
    execute function pacer_recount_deal_months()`.execute(db);

  // Deals logged before this migration.
  await sql`select pacer_fill_deal_months(id) from workspaces`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger workspaces_timezone_recount on workspaces`.execute(db);
  await sql`drop trigger deals_month_totals_moved on deals`.execute(db);
  await sql`drop trigger deals_month_totals on deals`.execute(db);
  for (const fn of ['pacer_recount_deal_months()', 'pacer_fill_deal_months(integer)', 'pacer_count_deal()', 'pacer_deal_month(integer, timestamptz)']) {
    await sql`drop function ${sql.raw(fn)}`.execute(db);
  }
  await db.schema.dropTable('deal_month_totals').execute();
}
