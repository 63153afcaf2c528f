import pg from 'pg';

/**
 * The digest benchmark's data, written with set-based SQL (`INSERT … SELECT generate_series`) on a
 * database the real migrations made: one Slack workspace, `teams` teams of `repsPerTeam` reps, a
 * revenue goal per team and per rep for the month of `now`, `deals` deals over the two years before
 * `now` (each in its rep's team), training assignments with completions, and feedback with +1s.
 * Everything is relative to the digest's fixed `now`, so the week the digest reads is always full.
 *
 * The bulk-load shortcuts of the core bench's seed (./seed.ts) are reused in spirit: the secondary
 * indexes of `deals` are dropped and rebuilt from their own definitions (pg_get_indexdef) and the
 * foreign-key triggers are skipped (session_replication_role) for the one big insert only.
 */

export interface DigestSeedOptions {
  teamId: string;
  timezone: string;
  teams: number;
  repsPerTeam: number;
  deals: number;
  /** The digest's instant; deals, feedback and completions all lie before it. */
  now: Date;
  /** `now`'s local day (YYYY-MM-DD) in `timezone`. */
  today: string;
  feedback: number;
}

export interface DigestSeedResult {
  workspaceId: number;
  deals: number;
  byStage: Record<string, number>;
  goals: number;
  assignments: number;
  completions: number;
  coachingNotes: number;
  feedback: number;
  votes: number;
  /** The deals table with its indexes, bytes. */
  dealsBytes: number;
  /** The indexes the migrations gave deals (name, definition, bytes): the schema that was measured. */
  dealsIndexes: { name: string; definition: string; bytes: number }[];
  seedMs: number;
  /** Of seedMs: the one big insert of deals, and the rebuild of its indexes. */
  dealsInsertMs: number;
  indexRebuildMs: number;
  /** VACUUM (ANALYZE) and CHECKPOINT after the load. */
  vacuumMs: number;
}

export async function seedDigestDatabase(url: string, o: DigestSeedOptions): Promise<DigestSeedResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const q = (text: string, values: unknown[] = []): Promise<pg.QueryResult> => client.query(text, values);
  try {
    const started = performance.now();
    await q(`set maintenance_work_mem = '256MB'`);
    await q('begin');
    const workspace = await q(
      `insert into workspaces (platform, external_id, name, currency, locale, timezone, holiday_country)
       values ('slack', $1, 'Bench Digest Co', 'EUR', 'en', $2, 'SI') returning id`,
      [o.teamId, o.timezone],
    );
    const workspaceId = (workspace.rows[0] as { id: number } | undefined)?.id;
    if (workspaceId === undefined) throw new Error('seed: the workspace insert returned no id');

    await q(`insert into teams (workspace_id, name) select $1, 'Team ' || lpad(t::text, 3, '0') from generate_series(1, $2::int) t`, [workspaceId, o.teams]);
    // Rep r (1-based) is in the ((r - 1) / repsPerTeam)-th team by id; Slack-shaped ids UD000042.
    await q(
      `with t as (select id, (row_number() over (order by id) - 1)::int as k from teams where workspace_id = $1)
       insert into members (workspace_id, external_id, display_name, role, timezone, locale, team_id, profile_synced_at)
       select $1, 'UD' || lpad(r::text, 6, '0'), 'Rep ' || lpad(r::text, 5, '0'), 'rep', $3, 'en-US', t.id, now()
       from generate_series(1, $2::int) r join t on t.k = (r - 1) / $4::int`,
      [workspaceId, o.teams * o.repsPerTeam, o.timezone, o.repsPerTeam],
    );

    // ── deals ─────────────────────────────────────────────────────────────────────────────────────
    // ~25% lost (reasons weighted: price, product, delivery, service, people, other); ~75% won, of
    // which ~3% never delivered (stale), the rest delivered 1–11 days after being won (skewed short,
    // a long tail up to ~4 weeks for 5%) unless that lies after `now` (recent and undelivered), and
    // older delivered ones often serviced. Inserted in time order, numbered that way.
    const indexes = await q(
      `select c.relname as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class c on c.oid = i.indexrelid
       where i.indrelid = 'deals'::regclass and not exists (select 1 from pg_constraint k where k.conindid = i.indexrelid)`,
    );
    const indexRows = indexes.rows as { name: string; definition: string }[];
    for (const index of indexRows) await q(`drop index ${pg.escapeIdentifier(index.name)}`);
    await q(`set local session_replication_role = replica`);
    const insertStarted = performance.now();
    await q(
      `with reps as (
         select id, team_id, (row_number() over (order by id) - 1)::int as k from members where workspace_id = $1
       ), raw as (
         select g, $4::timestamptz - random() * interval '730 days' as at,
                random() as r_stage, random() as r_reason, random() as r_lag, random() as r_svc, random() as r_amount,
                floor(random() * $3::int)::int as rep_k, floor(random() * 5000)::int as customer_k
         from generate_series(1, $2::int) g
       ), lagged as (
         select raw.*, at + (interval '1 day' * (case when r_svc < 0.05 then 10 + r_lag * 18 else 1 + 10 * r_lag * r_lag end)) as delivery_at
         from raw
       ), shaped as (
         select lagged.*,
                case when r_stage < 0.25 then 'lost'
                     when r_svc > 0.97 or delivery_at > $4::timestamptz then 'won'
                     when r_svc > 0.55 and delivery_at + interval '20 days' <= $4::timestamptz and at < $4::timestamptz - interval '60 days' then 'serviced'
                     else 'delivered' end as stage
         from lagged
       )
       insert into deals (workspace_id, number, member_id, team_id, customer, product, amount_minor, currency, stage,
                          loss_reason, occurred_at, won_at, delivered_at, serviced_at, lost_at, created_at)
       select $1, row_number() over (order by at), reps.id, reps.team_id,
              (array['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent'])[1 + customer_k % 10]
                || ' ' || (array['Corp', 'd.o.o.', 'GmbH', 'Ltd', 'Inc'])[1 + (customer_k / 10) % 5] || ' ' || customer_k,
              case when g % 3 = 0 then (array['Widgets', 'Gadgets', 'Support plan', 'Licences'])[1 + g % 4] end,
              case when stage = 'lost' and r_amount < 0.3 then null else (round(exp(ln(500) + r_amount * ln(200))) * 100)::bigint end,
              'EUR', stage,
              case when stage = 'lost' then
                case when r_reason < 0.35 then 'price' when r_reason < 0.55 then 'product' when r_reason < 0.70 then 'delivery'
                     when r_reason < 0.80 then 'service' when r_reason < 0.90 then 'people' else 'other' end end,
              at,
              case when stage <> 'lost' then at end,
              case when stage in ('delivered', 'serviced') then delivery_at end,
              case when stage = 'serviced' then delivery_at + interval '20 days' end,
              case when stage = 'lost' then at end,
              at
       from shaped join reps on reps.k = shaped.rep_k
       order by at`,
      [workspaceId, o.deals, o.teams * o.repsPerTeam, o.now],
    );
    const dealsInsertMs = performance.now() - insertStarted;
    await q(`set local session_replication_role = origin`);
    const rebuildStarted = performance.now();
    for (const index of indexRows) await q(index.definition);
    const indexRebuildMs = performance.now() - rebuildStarted;
    await q(`select pacer_fill_deal_months($1::integer)`, [workspaceId]);
    await q(`select setval(format('deal_numbers_%s', $1::integer), $2::integer)`, [workspaceId, o.deals]);

    // ── goals: the month of `now`, per rep (80–130% of an average month of the last year) and per
    // team (the sum of its reps' goals, rounded) ─────────────────────────────────────────────────
    const goals = await q(
      `with month as (select date_trunc('month', $2::date)::date as s, (date_trunc('month', $2::date) + interval '1 month')::date as e),
       history as (
         select member_id, sum(amount_minor) / 12 as monthly from deals
         where workspace_id = $1 and stage <> 'lost' and occurred_at >= $3::timestamptz - interval '1 year' group by member_id
       ), rep_goals as (
         insert into goals (workspace_id, scope, member_id, subject_key, metric, period, period_start, period_end, target, currency)
         select $1, 'rep', m.id, 'rep:' || m.id, 'revenue', 'month', month.s, month.e,
                greatest(100000, round(coalesce(h.monthly, 2000000) * (0.8 + random() * 0.5) / 10000) * 10000)::bigint, 'EUR'
         from members m cross join month left join history h on h.member_id = m.id where m.workspace_id = $1
         returning member_id, target
       ), team_goals as (
         insert into goals (workspace_id, scope, team_id, subject_key, metric, period, period_start, period_end, target, currency)
         select $1, 'team', m.team_id, 'team:' || m.team_id, 'revenue', 'month', month.s, month.e, round(sum(r.target) / 100000) * 100000, 'EUR'
         from rep_goals r join members m on m.id = r.member_id cross join month group by m.team_id, month.s, month.e
         returning 1
       )
       select (select count(*) from rep_goals) + (select count(*) from team_goals) as n`,
      [workspaceId, o.today, o.now],
    );

    // ── training: every rep a weekly module (Mondays, assigned 4 to 103 weeks ago: a workspace as old
    // as its deals), half a monthly one (since 6 months), 30% a daily drill (since 30 days), 20% a
    // one-off due around now; completions for most past cycles, and for few of the cycle that began
    // this morning (the digest goes out Monday 08:00) ──────────────────────────────────────────────
    await q(
      `insert into training_modules (workspace_id, name, url) values
         ($1, 'Weekly pipeline review', null), ($1, 'Product update', 'https://lms.example.com/product'),
         ($1, 'Daily call drill', null), ($1, 'Compliance 2026', 'https://lms.example.com/compliance')`,
      [workspaceId],
    );
    const monday = `date_trunc('week', $2::date)::date`;
    await q(
      `with m as (select id, team_id, (row_number() over (order by id))::int as k from members where workspace_id = $1),
       mods as (select id, name from training_modules where workspace_id = $1)
       insert into training_assignments (workspace_id, module_id, member_id, team_id, cadence, every_weeks, weekday, due_on, remind_at_minute, starts_on)
       select $1, mods.id, m.id, m.team_id, 'weekly', 1, 1, null::date, 540, ${monday} - 7 * (4 + (m.k * 37) % 100) from m, mods where mods.name = 'Weekly pipeline review'
       union all
       select $1, mods.id, m.id, m.team_id, 'monthly', null, null, null, 540, (date_trunc('month', $2::date) - interval '6 months')::date from m, mods where mods.name = 'Product update' and m.k % 2 = 0
       union all
       select $1, mods.id, m.id, m.team_id, 'daily', null, null, null, 510, $2::date - 30 from m, mods where mods.name = 'Daily call drill' and m.k % 10 < 3
       union all
       select $1, mods.id, m.id, m.team_id, 'once', null, null, $2::date + (m.k % 21) - 10, 600, $2::date - 20 from m, mods where mods.name = 'Compliance 2026' and m.k % 5 = 0`,
      [workspaceId, o.today],
    );
    const completions = await q(
      `with a as (select * from training_assignments where workspace_id = $1),
       cycles as (
         select a.id, d::date as cycle_start, 0.75 as p from a, generate_series(a.starts_on, $2::date, interval '7 days') d where a.cadence = 'weekly'
         union all
         select a.id, d::date, 0.6 from a, generate_series(a.starts_on, $2::date, interval '1 month') d where a.cadence = 'monthly'
         union all
         select a.id, d::date, 0.5 from a, generate_series(a.starts_on, $2::date - 1, interval '1 day') d where a.cadence = 'daily' and extract(isodow from d) < 6
         union all
         select a.id, a.starts_on, 0.5 from a where a.cadence = 'once'
       ), inserted as (
         insert into training_completions (assignment_id, cycle_start, completed_at)
         select id, cycle_start, least($3::timestamptz - interval '1 hour', cycle_start + interval '1 day' * random() * 3) from cycles
         where random() < case when cycle_start >= $2::date then 0.05 else p end
         returning 1
       )
       select count(*)::int as n from inserted`,
      [workspaceId, o.today, o.now],
    );

    // ── coaching notes: about three a year per rep, by the first rep of their team (its lead) ─────
    const coaching = await q(
      `with m as (select id, team_id, (row_number() over (order by id) - 1)::int as k from members where workspace_id = $1),
       inserted as (
         insert into coaching_notes (workspace_id, member_id, coach_id, note, created_at)
         select $1, m.id, coach.id, 'Went through the pipeline together', $2::timestamptz - random() * interval '365 days'
         from m join m coach on coach.k = m.k - m.k % $3::int cross join generate_series(1, 4) g
         where random() < 0.8
         returning 1
       )
       select count(*)::int as n from inserted`,
      [workspaceId, o.now, o.repsPerTeam],
    );

    // ── feedback over the same two years, 30% tied to a deal; +1s on techniques ──────────────────
    const feedback = await q(
      `with m as (select id, team_id, (row_number() over (order by id) - 1)::int as k from members where workspace_id = $1),
       bounds as (select min(id) as lo, max(id) as hi from deals where workspace_id = $1),
       raw as (
         select g, $3::timestamptz - random() * interval '730 days' as at, floor(random() * (select count(*) from m))::int as k,
                (array['customer', 'product', 'technique'])[1 + floor(random() * 3)::int] as kind, random() as r_deal, random() as r_text
         from generate_series(1, $2::int) g
       ), inserted as (
         insert into feedback (workspace_id, member_id, team_id, kind, text, deal_id, created_at)
         select $1, m.id, m.team_id, raw.kind,
                (array['Customer asked for a longer trial before signing', 'Onboarding docs are confusing for new admins',
                       'Opened with their last quarter numbers and it landed well', 'Price came up again: competitor offered 15% less',
                       'Delivery date slipped twice, they noticed', 'Asked for a reference customer in their industry',
                       'Two-step demo (pain first, product second) closed it', 'They want SSO before rolling out further'])[1 + floor(r_text * 8)::int]
                  || ' (#' || g || ')',
                case when r_deal < 0.3 then bounds.lo + floor(random() * (bounds.hi - bounds.lo + 1))::bigint end,
                raw.at
         from raw join m on m.k = raw.k cross join bounds
         returning id, kind
       ), votes as (
         insert into feedback_votes (feedback_id, member_id, created_at)
         select distinct on (i.id, v.member_id) i.id, v.member_id, $3::timestamptz - interval '1 day'
         from inserted i
         -- i.id in both: a lateral subquery that does not depend on the outer row is evaluated once.
         cross join lateral (select (select min(id) from m) + floor(random() * (select count(*) from m))::int + 0 * i.id as member_id
                             from generate_series(1, floor(random() * 4)::int + 0 * i.id)) v
         where i.kind = 'technique'
         returning 1
       )
       select (select count(*) from inserted)::int as feedback, (select count(*) from votes)::int as votes`,
      [workspaceId, o.feedback, o.now],
    );
    await q('commit');
    const seedMs = performance.now() - started;

    // VACUUM (ANALYZE), not only ANALYZE: it also sets the visibility map, so index-only scans skip
    // the heap as they would on a live table that autovacuum has visited; then a checkpoint, so the
    // load's writes do not land inside a measurement.
    const vacuumStarted = performance.now();
    await q(`vacuum (analyze) workspaces, teams, members, goals, deals, deal_month_totals, training_modules, training_assignments, training_completions, coaching_notes, feedback, feedback_votes`);
    await q('checkpoint');
    const vacuumMs = performance.now() - vacuumStarted;

    const stages = await q(`select stage, count(*)::int as n from deals where workspace_id = $1 group by stage`, [workspaceId]);
    const counts = await q(
      `select (select count(*) from training_assignments where workspace_id = $1)::int as assignments,
              pg_total_relation_size('deals')::bigint as deals_bytes`,
      [workspaceId],
    );
    const dealsIndexes = await q(
      `select c.relname as name, regexp_replace(pg_get_indexdef(i.indexrelid), '^.* USING btree ', '') as definition, pg_relation_size(i.indexrelid)::bigint as bytes
       from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = 'deals'::regclass order by c.relname`,
    );
    const byStage = Object.fromEntries((stages.rows as { stage: string; n: number }[]).map((r) => [r.stage, r.n]));
    const c = counts.rows[0] as { assignments: number; deals_bytes: string };
    const fb = feedback.rows[0] as { feedback: number; votes: number };
    return {
      workspaceId,
      deals: Object.values(byStage).reduce((a, b) => a + b, 0),
      byStage,
      goals: Number((goals.rows[0] as { n: string }).n),
      assignments: c.assignments,
      completions: (completions.rows[0] as { n: number }).n,
      coachingNotes: (coaching.rows[0] as { n: number }).n,
      feedback: fb.feedback,
      votes: fb.votes,
      dealsBytes: Number(c.deals_bytes),
      dealsIndexes: (dealsIndexes.rows as { name: string; definition: string; bytes: string }[]).map((r) => ({ name: r.name, definition: r.definition, bytes: Number(r.bytes) })),
      seedMs,
      dealsInsertMs,
      indexRebuildMs,
      vacuumMs,
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
