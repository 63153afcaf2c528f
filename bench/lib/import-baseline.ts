import { chmod, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';

/**
 * The import benchmark's baselines, each PostgreSQL alone with no Node in the way: a plain COPY of the
 * file into a text table (the fastest way rows get into any table), a COPY of the same rows already
 * resolved into deals' own columns straight into `deals` (the like-for-like ceiling: the same table,
 * indexes, foreign keys and checks the import writes through), and the text rows converted and
 * inserted into `deals` by SQL alone (the floor under any importer that converts in the database).
 */

export interface CopyRun {
  ms: number;
  rows: number;
}

/**
 * PostgreSQL reading the same file itself (server-side COPY, the fastest way rows get into a table)
 * into a table of the file's columns as text, with no index, constraint or trigger: the ceiling a
 * loader can approach. Emptied and checkpointed before each run, like the import's table.
 */
export async function copyBaseline(url: string, path: string, columns: readonly string[]): Promise<CopyRun> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`create table if not exists copy_baseline (${columns.map((c) => `${pg.escapeIdentifier(c)} text`).join(', ')})`);
    await client.query('truncate copy_baseline');
    await client.query('checkpoint');
    const started = performance.now();
    const result = await client.query(`copy copy_baseline from ${pg.escapeLiteral(path)} with (format csv, header true)`);
    return { ms: performance.now() - started, rows: result.rowCount ?? 0 };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`server-side COPY of ${path} failed (${message}): the bench needs PostgreSQL on this machine, reached as a superuser, able to read the file`);
  } finally {
    await client.end();
  }
}

/** deals' columns as an import fills them (id and created_at are the table's own). */
const DEAL_COLUMNS = 'workspace_id, number, member_id, team_id, customer, product, amount_minor, currency, stage, loss_reason, occurred_at, won_at, delivered_at, serviced_at, lost_at, ref';

/** A date, a local date-time, or one with its own offset, as `when` in cells.ts reads them; for this session. */
async function createWhen(client: pg.Client): Promise<void> {
  await client.query(`
    create function pg_temp.bench_when(v text, zone text) returns timestamptz language sql stable as $$
      select case when v is null or v = '' then null
                  when v ~ '^\\d{4}-\\d\\d-\\d\\d$' then v::timestamp at time zone zone
                  when v ~ '(Z|[+-]\\d\\d(:?\\d\\d)?)$' then replace(v, ' ', 'T')::timestamptz
                  else replace(v, ' ', 'T')::timestamp at time zone zone end
    $$`);
}

interface Resolve {
  /** SQL for the workspace id, its currency and its zone: parameters, or literals where COPY takes none. */
  workspace: string;
  currency: string;
  zone: string;
  /** SQL that numbers a row. */
  number: string;
  /** Number and emit the rows in file order (`c.n`): a sort, which the SQL-only reference does without. */
  ordered: boolean;
}

/** copy_baseline's text rows as deals' columns: dates in the workspace's zone, amounts in minor units, reps and teams joined. */
const resolvedRows = (r: Resolve): string => `
  select ${r.workspace}::integer, ${r.number}, m.id, coalesce(t.id, m.team_id), c.customer, nullif(c.product, ''),
         (nullif(c.amount, '')::numeric * 100)::bigint, ${r.currency}::text, x.stage, nullif(lower(c.loss_reason), ''),
         x.occurred, case when x.stage = 'lost' then null else x.occurred end,
         case when x.stage in ('delivered', 'serviced') then coalesce(x.delivered, x.occurred) end,
         case when x.stage = 'serviced' then coalesce(x.serviced, x.delivered, x.occurred) end,
         case when x.stage = 'lost' then x.occurred end, c.ref
  from ${r.ordered ? '(select c.*, row_number() over () as n from copy_baseline c)' : 'copy_baseline'} c
  join members m on m.workspace_id = ${r.workspace} and m.external_id = c.rep
  left join teams t on t.workspace_id = ${r.workspace} and lower(t.name) = lower(nullif(c.team, ''))
  cross join lateral (select lower(c.stage) as stage, pg_temp.bench_when(c.date, ${r.zone}) as occurred,
                             pg_temp.bench_when(c.delivered_at, ${r.zone}) as delivered, pg_temp.bench_when(c.serviced_at, ${r.zone}) as serviced) x
  ${r.ordered ? 'order by c.n' : ''}`;

/**
 * Writes copy_baseline's rows (the file COPY just loaded), resolved into deals' own columns and
 * numbered 1…n in file order, to a CSV file that PostgreSQL writes itself: in a directory of its own
 * under `dir` that the server's OS user may write to. Not timed; the like-for-like baseline loads it.
 */
export async function writeResolvedFile(url: string, dir: string, workspace: Workspace): Promise<{ path: string; rows: number }> {
  const serverDir = join(dir, 'server');
  await mkdir(serverDir, { recursive: true });
  // The server runs as its own OS user: it may write here, and nowhere else of ours.
  await chmod(serverDir, 0o777);
  const path = join(serverDir, 'deals-resolved.csv');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await createWhen(client);
    // COPY (query) takes no parameters: the workspace's values are written in as literals.
    const rows = resolvedRows({
      workspace: String(workspace.id), currency: pg.escapeLiteral(workspace.currency), zone: pg.escapeLiteral(workspace.timezone), number: 'c.n', ordered: true,
    });
    const result = await client.query(`copy (${rows}) to ${pg.escapeLiteral(path)} with (format csv)`);
    return { path, rows: result.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

export interface DealsCopyRun {
  rows: number;
  /** BEGIN, the COPY into deals, the month recount, COMMIT: what the import's own work stands beside. */
  ms: number;
  copyMs: number;
  fillMs: number;
  /** Σ won_minor of deal_month_totals after the recount, to check the rows against the file. */
  wonMinor: string;
}

/**
 * The like-for-like ceiling: the same rows already resolved into deals' columns (writeResolvedFile),
 * loaded by a server-side COPY straight into `deals`, with every index, foreign key and check the
 * import writes through, the month totals' triggers aside and one recount at the end exactly as the
 * import does, committed. `deals` must be empty (the caller empties it again afterwards).
 */
export async function dealsCopyBaseline(url: string, path: string, workspace: Workspace): Promise<DealsCopyRun> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('checkpoint');
    const started = performance.now();
    await client.query('begin');
    await client.query(`select set_config('pacer.bulk_deals', 'on', true)`);
    const copied = await client.query(`copy deals (${DEAL_COLUMNS}) from ${pg.escapeLiteral(path)} with (format csv)`);
    const copyMs = performance.now() - started;
    const fillStarted = performance.now();
    await client.query('select pacer_fill_deal_months($1::integer)', [workspace.id]);
    const fillMs = performance.now() - fillStarted;
    await client.query('commit');
    const ms = performance.now() - started;
    const won = await client.query<{ won: string | null }>(`select sum(won_minor)::text as won from deal_month_totals where workspace_id = $1`, [workspace.id]);
    return { rows: copied.rowCount ?? 0, ms, copyMs, fillMs, wonMinor: won.rows[0]?.won ?? '0' };
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}

export interface SqlOnlyWrite {
  rows: number;
  /** The INSERT … SELECT into deals. */
  insertMs: number;
  /** pacer_fill_deal_months, as Pacer's import runs it once at the end. */
  fillMs: number;
  /** Σ amount_minor of the rows not lost, before the rollback: the conversion read the file as Pacer does. */
  wonMinor: string;
}

/**
 * The rows COPY loaded, written into `deals` by PostgreSQL alone, then rolled back: the text
 * converted in SQL (dates in the workspace's zone, amounts to minor units, reps and teams joined),
 * inserted the way Pacer's final write inserts (a deal number per row from next_deal_number, the
 * month totals' triggers aside, one recount at the end). No Node, no parsing in JavaScript, no
 * staging: what deals' indexes, foreign keys and checks cost by themselves, the floor under any
 * importer that writes into this table. A reference for reading the ratio, not a target.
 */
export async function sqlOnlyWrite(url: string, workspace: Workspace): Promise<SqlOnlyWrite> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('checkpoint');
    await client.query('begin');
    await createWhen(client);
    await client.query(`select set_config('pacer.bulk_deals', 'on', true)`);
    const started = performance.now();
    const rows = resolvedRows({ workspace: '$1', currency: '$2', zone: '$3', number: 'next_deal_number($1::integer)', ordered: false });
    const inserted = await client.query(`insert into deals (${DEAL_COLUMNS}) ${rows}`, [workspace.id, workspace.currency, workspace.timezone]);
    const insertMs = performance.now() - started;
    const fillStarted = performance.now();
    await client.query('select pacer_fill_deal_months($1::integer)', [workspace.id]);
    const fillMs = performance.now() - fillStarted;
    const won = await client.query<{ won: string | null }>(`select sum(won_minor)::text as won from deal_month_totals where workspace_id = $1`, [workspace.id]);
    return { rows: inserted.rowCount ?? 0, insertMs, fillMs, wonMinor: won.rows[0]?.won ?? '0' };
  } finally {
    await client.query('rollback').catch(() => undefined);
    await client.end();
  }
}
