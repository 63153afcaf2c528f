import { sql } from 'kysely';
import type { Db } from '../../src/db/database.ts';
import type { Workspace } from '../../src/domain/workspaces/workspace.table.ts';
import { runDigestPass, type PassFigures, type Team } from './digest-measure.ts';
import { explainHeaviest, type ShapePlan } from './digest-plans.ts';
import type { QueryTimer } from './digest-timing.ts';

/**
 * An EXPERIMENT after the measurement (the target is judged before it, on the schema the migrations
 * make): the indexes the digest's per-team queries need, created in the bench database only, and the
 * sequential pass again, so a suggestion comes with its measured effect. The migrations are
 * untouched; PACER_BENCH_DIGEST_TRY_INDEXES=0 skips this. A candidate the migrations already made
 * (the same definition under any name) is dropped again and named; when every one exists there is
 * nothing to try and no second pass.
 *
 * Why these: the foundation's indexes on deals (but the primary key and "my last deal") are partial
 * on `stage <> 'lost'` and keyed by occurred_at, while three of the digest's queries need lost deals
 * (won/lost per rep, loss reasons) or a range of delivered_at (delivery lag): without these each reads
 * all of deals. The won-and-undelivered count otherwise reads every non-lost deal of the team. And
 * members and feedback have no index with the team in it, so the digest's reads of a team's reps and
 * of its feedback (the week's highlights; the diagnosis's tally over four months) read the whole
 * workspace's and filter.
 */

export interface CandidateIndex {
  name: string;
  table: string;
  definition: string;
  serves: string;
}

export const CANDIDATE_INDEXES: CandidateIndex[] = [
  {
    name: 'bench_whatif_deals_team_occurred_all_idx',
    table: 'deals',
    definition: 'on deals (workspace_id, team_id, occurred_at) include (member_id, stage, loss_reason)',
    serves: 'dealCountsByRep, lossReasons (all stages, so lost deals too)',
  },
  {
    name: 'bench_whatif_deals_team_delivered_idx',
    table: 'deals',
    definition: 'on deals (workspace_id, team_id, delivered_at) include (won_at) where delivered_at is not null',
    serves: 'deliveryLag: the median lag',
  },
  {
    name: 'bench_whatif_deals_team_undelivered_idx',
    table: 'deals',
    definition: "on deals (workspace_id, team_id, won_at) where stage = 'won'",
    serves: 'deliveryLag: won, not delivered for 14 days',
  },
  {
    name: 'bench_whatif_members_team_idx',
    table: 'members',
    definition: 'on members (workspace_id, team_id)',
    serves: "teamDigest's read of the team's reps (else all of the workspace's members are read)",
  },
  {
    name: 'bench_whatif_feedback_team_created_idx',
    table: 'feedback',
    definition: 'on feedback (workspace_id, team_id, created_at)',
    serves: "feedbackHighlights and the diagnosis's feedbackTally (else the whole workspace's feedback of the window is read and filtered by team)",
  },
];

export interface WhatIfFigures {
  /** Candidates created for the experiment. */
  indexes: (CandidateIndex & { buildMs: number; bytes: number })[];
  /** Candidates the migrations already made: candidate name → the existing index's name. */
  existing: Record<string, string>;
  /** The pass and plans with the new candidates; absent when every candidate already existed. */
  pass?: PassFigures;
  plans: ShapePlan[];
}

/** An index's definition without its name, as PostgreSQL prints it. */
const definitionOf = async (db: Db, name: string): Promise<string> =>
  (await sql<{ d: string }>`select regexp_replace(pg_get_indexdef(${name}::regclass), '^CREATE (UNIQUE )?INDEX \\S+ ', '') as d`.execute(db)).rows[0]?.d ?? '';

export async function tryCandidateIndexes(db: Db, timer: QueryTimer, workspace: Workspace, teams: readonly Team[], now: Date, explainTag: number, explainCount: number): Promise<WhatIfFigures> {
  const indexes: WhatIfFigures['indexes'] = [];
  const existing: Record<string, string> = {};
  for (const index of CANDIDATE_INDEXES) {
    const others = await sql<{ name: string }>`select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid where i.indrelid = ${index.table}::regclass`.execute(db);
    const started = performance.now();
    await sql.raw(`create index ${index.name} ${index.definition}`).execute(db);
    const buildMs = performance.now() - started;
    const mine = await definitionOf(db, index.name);
    let same: string | undefined;
    for (const other of others.rows) if ((await definitionOf(db, other.name)) === mine) same = other.name;
    if (same !== undefined) {
      await sql.raw(`drop index ${index.name}`).execute(db);
      existing[index.name] = same;
      continue;
    }
    const size = await sql<{ bytes: string }>`select pg_relation_size(${index.name}::regclass)::text as bytes`.execute(db);
    indexes.push({ ...index, buildMs, bytes: Number(size.rows[0]?.bytes ?? 0) });
  }
  if (indexes.length === 0) return { indexes, existing, plans: [] };
  // As on the seeded table: statistics for the planner and the visibility map for index-only scans.
  await sql.raw(`vacuum (analyze) ${[...new Set(indexes.map((index) => index.table))].join(', ')}`).execute(db);
  // Pacer's pool keeps prepared statements whose cached plans predate the indexes; a schema change
  // on the table invalidates them, so the pass below plans afresh. A short warm-up all the same.
  await runDigestPass(timer, workspace, teams.slice(0, 20), now, 1);
  const pass = await runDigestPass(timer, workspace, teams, now, 1);
  const plans = await explainHeaviest(db, pass.figures.shapes, pass.queries, explainTag, explainCount);
  return { indexes, existing, pass: pass.figures, plans };
}
