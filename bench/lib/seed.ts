import pg from 'pg';

/**
 * The benchmark's data, written with set-based SQL (`INSERT … SELECT generate_series`) so a million
 * deals take seconds, not the minutes row-by-row inserts through the app would. The schema itself
 * comes from the real migrations (the caller runs them first): the seed never defines tables.
 */

export interface SeedOptions {
  /** Slack team id the requests will carry (`workspaces.external_id`). */
  teamId: string;
  reps: number;
  deals: number;
  teams: number;
  /** IANA zone of the workspace: goal periods are its calendar months. */
  timezone: string;
}

export interface SeedResult {
  workspaceId: number;
  /** Slack user ids of the reps, in member id order. */
  repUserIds: string[];
  deals: number;
  lostDeals: number;
  goals: number;
  /** The current month in the workspace zone, as the goals have it. */
  monthStart: string;
  monthEnd: string;
  seedMs: number;
  /** VACUUM (ANALYZE) and CHECKPOINT after the load. */
  vacuumMs: number;
  /** Share of the deals table's pages the visibility map marks all-visible (index-only scans skip those). */
  allVisible: number;
}

export async function seedBenchDatabase(url: string, options: SeedOptions): Promise<SeedResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    // Session-local: the server's configuration is untouched. synchronous_commit stays on, although
    // the data is throw-away: right after an asynchronous commit VACUUM cannot set the tuples' hint
    // bits, so it leaves the visibility map empty and every "index-only" scan would visit the heap.
    await client.query(`set maintenance_work_mem = '256MB'`);
    await client.query('begin');

    const workspace = await client.query<{ id: number }>(
      `insert into workspaces (platform, external_id, name, currency, locale, timezone)
       values ('slack', $1, 'Bench Co', 'EUR', 'en', $2) returning id`,
      [options.teamId, options.timezone],
    );
    const workspaceId = workspace.rows[0]?.id;
    if (workspaceId === undefined) throw new Error('seed: the workspace insert returned no id');

    await client.query(
      `insert into teams (workspace_id, name) select $1, 'Team ' || lpad(t::text, 2, '0') from generate_series(1, $2::int) t`,
      [workspaceId, options.teams],
    );
    // Slack-shaped user ids (UB000042). Profiles synced "now": within Pacer's profile TTL, so no
    // request of the run calls users.info (a real workspace's active reps are in the same state).
    await client.query(
      `insert into members (workspace_id, external_id, display_name, role, timezone, locale, team_id, profile_synced_at)
       select $1, 'UB' || lpad(r::text, 6, '0'), 'Rep ' || lpad(r::text, 4, '0'), 'rep', $3, 'en-US',
              (select id from teams where workspace_id = $1 order by id offset (r % $4::int) limit 1), now()
       from generate_series(1, $2::int) r`,
      [workspaceId, options.reps, options.timezone, options.teams],
    );

    // Deals spread uniformly over the last two years up to now; ~5% lost (with a reason, amount
    // known 70% of the time); won amounts log-uniform between 500 and 100,000 EUR; older won deals
    // are more likely delivered or serviced by now. Inserted in time order and numbered that way,
    // as a live table fills. Numbers 1..N; the workspace's deal-number sequence continues at N + 1.
    //
    // Two bulk-load shortcuts, both inside this transaction only: the secondary indexes are dropped
    // and rebuilt afterwards from their own definitions (pg_get_indexdef, so they are exactly what
    // the migration made), and foreign-key triggers are skipped (session_replication_role), since
    // every member, team and workspace id comes from the rows just inserted. Together they take the
    // load from ~55 s to ~17 s on the 2-core bench machine.
    const indexes = await client.query<{ name: string; definition: string }>(
      `select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indrelid = 'deals'::regclass
         and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    );
    for (const index of indexes.rows) await client.query(`drop index ${pg.escapeIdentifier(index.name)}`);
    await client.query(`set local session_replication_role = replica`);
    await client.query(
      `with reps as (
         select id, team_id, (row_number() over (order by id) - 1)::int as k from members where workspace_id = $1
       ), raw as (
         select g,
                now() - random() * interval '730 days' as at,
                random() as lost_roll,
                random() as stage_roll,
                random() as amount_roll,
                floor(random() * $3::int)::int as rep_k,
                floor(random() * 5000)::int as customer_k
         from generate_series(1, $2::int) g
       ), shaped as (
         select raw.*,
                case when lost_roll < 0.05 then 'lost'
                     when stage_roll < least(0.9, extract(epoch from now() - at) / (86400 * 120)) * 0.5 then 'serviced'
                     when stage_roll < least(0.9, extract(epoch from now() - at) / (86400 * 60)) then 'delivered'
                     else 'won' end as stage
         from raw
       )
       insert into deals (workspace_id, number, member_id, team_id, customer, product, amount_minor, currency, stage,
                          loss_reason, occurred_at, won_at, delivered_at, serviced_at, lost_at, created_at)
       select $1, row_number() over (order by at), reps.id, reps.team_id,
              (array['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent'])[1 + customer_k % 10]
                || ' ' || (array['Corp', 'd.o.o.', 'GmbH', 'Ltd', 'Inc'])[1 + (customer_k / 10) % 5] || ' ' || customer_k,
              case when g % 3 = 0 then (array['Widgets', 'Gadgets', 'Support plan', 'Licences'])[1 + g % 4] end,
              case when stage = 'lost' and amount_roll < 0.3 then null
                   else (round(exp(ln(500) + amount_roll * ln(200))) * 100)::bigint end,
              'EUR', stage,
              case when stage = 'lost' then (array['product', 'price', 'delivery', 'service', 'people', 'other'])[1 + g % 6] end,
              at,
              case when stage <> 'lost' then at end,
              case when stage in ('delivered', 'serviced') then least(now(), at + interval '9 days') end,
              case when stage = 'serviced' then least(now(), at + interval '30 days') end,
              case when stage = 'lost' then at end,
              at
       from shaped join reps on reps.k = shaped.rep_k
       order by at`,
      [workspaceId, options.deals, options.reps],
    );
    await client.query(`set local session_replication_role = origin`);
    for (const index of indexes.rows) await client.query(index.definition);
    // The triggers that keep the monthly totals were skipped with the foreign keys: count them once.
    await client.query(`select pacer_fill_deal_months($1::integer)`, [workspaceId]);
    // Every rep has a revenue goal for the current month of the workspace zone, set the way a
    // manager would: 80–130% of what the rep won in an average month of the last year. (Written after
    // the deals for that reason; a goal far from real revenue would make every rep "goal met".)
    const goals = await client.query<{ month_start: string; month_end: string }>(
      `with month as (
         select date_trunc('month', now() at time zone $2)::date as s,
                (date_trunc('month', now() at time zone $2) + interval '1 month')::date as e
       ), history as (
         select member_id, sum(amount_minor) / 12 as monthly
         from deals where workspace_id = $1 and stage <> 'lost' and occurred_at >= now() - interval '1 year'
         group by member_id
       ), inserted as (
         insert into goals (workspace_id, scope, member_id, subject_key, metric, period, period_start, period_end, target, currency)
         select $1, 'rep', m.id, 'rep:' || m.id, 'revenue', 'month', month.s, month.e,
                greatest(100000, round(coalesce(h.monthly, 2000000) * (0.8 + random() * 0.5) / 10000) * 10000)::bigint, 'EUR'
         from members m cross join month left join history h on h.member_id = m.id
         where m.workspace_id = $1
         returning 1
       )
       select to_char(s, 'YYYY-MM-DD') as month_start, to_char(e, 'YYYY-MM-DD') as month_end,
              (select count(*) from inserted) as n
       from month`,
      [workspaceId, options.timezone],
    );
    const month = goals.rows[0];
    if (month === undefined) throw new Error('seed: the goal insert returned no month');
    // The next deal logged through Pacer continues after the seeded numbers.
    await client.query(`select setval(format('deal_numbers_%s', $1::integer), $2::integer)`, [workspaceId, options.deals]);
    await client.query('commit');
    const seedMs = performance.now() - started;

    // VACUUM, not only ANALYZE: it also sets the visibility map, without which an "index-only" scan
    // still visits the heap for every row. A live table gets this from autovacuum (a million inserts
    // trigger it); doing it now keeps the measurement from depending on when autovacuum ran.
    const vacuumStarted = performance.now();
    await client.query(`vacuum (analyze) workspaces, teams, members, goals, deals, deal_month_totals`);
    // The load wrote ~0.5 GB of pages and WAL; flushed now, so a checkpoint does not land in the
    // middle of a measurement and charge the seed's writes to Pacer's latency.
    await client.query('checkpoint');
    const vacuumMs = performance.now() - vacuumStarted;

    const counts = await client.query<{ deals: string; lost: string; goals: string; all_visible: number }>(
      `select (select relallvisible::float8 / greatest(relpages, 1) from pg_class where oid = 'deals'::regclass) as all_visible,
              (select count(*) from deals where workspace_id = $1) as deals,
              (select count(*) from deals where workspace_id = $1 and stage = 'lost') as lost,
              (select count(*) from goals where workspace_id = $1) as goals`,
      [workspaceId],
    );
    const row = counts.rows[0];
    const users = await client.query<{ external_id: string }>(`select external_id from members where workspace_id = $1 order by id`, [workspaceId]);
    return {
      workspaceId,
      repUserIds: users.rows.map((u) => u.external_id),
      deals: Number(row?.deals ?? 0),
      lostDeals: Number(row?.lost ?? 0),
      goals: Number(row?.goals ?? 0),
      monthStart: month.month_start,
      monthEnd: month.month_end,
      seedMs,
      vacuumMs,
      allVisible: row?.all_visible ?? 0,
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
