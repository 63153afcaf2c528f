import pg from 'pg';

/**
 * The jobs benchmark's data, written with set-based SQL (`INSERT … SELECT generate_series`) on a
 * database the real migrations made: one Slack workspace, `reps` reps in one zone, one training
 * module assigned daily to every rep at the same local minute, and (for the pacing scenario)
 * `channels` teams, each with its own goals channel and a team goal for the current month.
 */

export interface JobsSeedOptions {
  teamId: string;
  reps: number;
  timezone: string;
  /** The local minute every assignment reminds at (minutes after midnight in `timezone`). */
  minute: number;
  /** The first local day of the assignments (before the day they are measured on). */
  startsOn: string;
  /** Teams with a goals channel of their own, for the pacing scenario. */
  channels: number;
  /** The local day the team goals' month contains. */
  goalDay: string;
}

export interface JobsSeedResult {
  workspaceId: number;
  assignmentIds: number[];
  /** Goal id → the goals channel its updates go to. */
  goalChannels: Map<number, string>;
  seedMs: number;
}

export async function seedJobsDatabase(url: string, options: JobsSeedOptions): Promise<JobsSeedResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const started = performance.now();
    await client.query('begin');
    const workspace = await client.query<{ id: number }>(
      `insert into workspaces (platform, external_id, name, currency, locale, timezone, holiday_country)
       values ('slack', $1, 'Bench Jobs Co', 'EUR', 'en', $2, 'SI') returning id`,
      [options.teamId, options.timezone],
    );
    const workspaceId = workspace.rows[0]?.id;
    if (workspaceId === undefined) throw new Error('seed: the workspace insert returned no id');
    // Slack-shaped user ids (UJ000042); the fake's conversations.open answers DJ000042 for each.
    await client.query(
      `insert into members (workspace_id, external_id, display_name, role, timezone, locale, profile_synced_at)
       select $1, 'UJ' || lpad(r::text, 6, '0'), 'Rep ' || lpad(r::text, 4, '0'), 'rep', $3, 'en-US', now()
       from generate_series(1, $2::int) r`,
      [workspaceId, options.reps, options.timezone],
    );
    const module = await client.query<{ id: number }>(
      `insert into training_modules (workspace_id, name, url) values ($1, 'Negotiation 101', 'https://lms.example.com/neg101') returning id`,
      [workspaceId],
    );
    const assignments = await client.query<{ id: number }>(
      `insert into training_assignments (workspace_id, module_id, member_id, cadence, remind_at_minute, starts_on)
       select $1, $2, m.id, 'daily', $3, $4::date from members m where m.workspace_id = $1 order by m.id
       returning id`,
      [workspaceId, module.rows[0]?.id, options.minute, options.startsOn],
    );
    // Pacing: teams, each with its goals channel (CPACE01…) and a revenue goal for the month.
    await client.query(
      `insert into teams (workspace_id, name) select $1, 'Team ' || lpad(t::text, 2, '0') from generate_series(1, $2::int) t`,
      [workspaceId, options.channels],
    );
    await client.query(
      `insert into channels (workspace_id, purpose, team_id, conversation_id)
       select $1, 'goals', t.id, 'CPACE' || lpad((row_number() over (order by t.id))::text, 2, '0') from teams t where t.workspace_id = $1`,
      [workspaceId],
    );
    const goals = await client.query<{ id: number; conversation_id: string }>(
      `with month as (select date_trunc('month', $2::date)::date as s, (date_trunc('month', $2::date) + interval '1 month')::date as e),
       inserted as (
         insert into goals (workspace_id, scope, team_id, subject_key, metric, period, period_start, period_end, target, currency)
         select $1, 'team', t.id, 'team:' || t.id, 'revenue', 'month', month.s, month.e, 5000000, 'EUR'
         from teams t cross join month where t.workspace_id = $1
         returning id, team_id
       )
       select i.id, c.conversation_id from inserted i join channels c on c.team_id = i.team_id and c.purpose = 'goals' order by i.id`,
      [workspaceId, options.goalDay],
    );
    await client.query('commit');
    const seedMs = performance.now() - started;
    await client.query('vacuum (analyze) workspaces, members, training_modules, training_assignments, teams, channels, goals');
    return {
      workspaceId,
      assignmentIds: assignments.rows.map((row) => row.id),
      goalChannels: new Map(goals.rows.map((row) => [row.id, row.conversation_id])),
      seedMs,
    };
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
