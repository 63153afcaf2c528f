import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDatabase } from '../../src/db/connect.ts';
import type { Database } from '../../src/db/database.ts';
import { migrateDown, migrateTo, migrateToLatest, MigrationError, NO_MIGRATIONS } from '../../src/db/migrate.ts';
import { migrations } from '../../src/db/migrations/index.ts';
import type { NewDeal } from '../../src/domain/deals/deal.table.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const TABLES = [
  'audit_log', 'channels', 'coaching_notes', 'conversations', 'deal_month_totals', 'deals', 'export_files', 'feedback', 'feedback_votes', 'goals', 'import_requests', 'inbound_deliveries',
  'incentive_awards', 'incentives', 'job_posts', 'kudos', 'kudos_receivers', 'members',
  'send_slots', 'teams', 'training_assignments', 'training_completions', 'training_modules', 'workspaces',
];
const LATEST = Object.keys(migrations).at(-1) ?? '';

async function tablesOf(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_name not like 'kysely_%' order by 1`.execute(db);
  return rows.map((r) => r.name);
}

async function indexesOf(db: Kysely<Database>, table: string): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select indexname as name from pg_indexes where schemaname = 'public' and tablename = ${table} order by 1`.execute(db);
  return rows.map((r) => r.name);
}

/** A workspace with one rep, one team and one deal, returning the ids later inserts need. */
async function seed(db: Kysely<Database>, externalId: string) {
  const workspace = await db
    .insertInto('workspaces')
    .values({ platform: 'slack', external_id: externalId, name: 'Acme', currency: 'EUR', locale: 'en', timezone: 'Europe/Ljubljana' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const team = await db.insertInto('teams').values({ workspace_id: workspace.id, name: 'East' }).returning('id').executeTakeFirstOrThrow();
  const member = await db
    .insertInto('members')
    .values({ workspace_id: workspace.id, external_id: 'U1', display_name: 'Ana', timezone: null, locale: null, team_id: team.id, profile_synced_at: null })
    .returning(['id', 'role', 'is_platform_admin'])
    .executeTakeFirstOrThrow();
  return { workspaceId: workspace.id, teamId: team.id, member };
}

function deal(workspaceId: number, memberId: number, overrides: Partial<NewDeal> = {}): NewDeal {
  const at = new Date('2026-11-20T10:00:00Z');
  return {
    workspace_id: workspaceId,
    number: 1,
    member_id: memberId,
    team_id: null,
    customer: 'Kovač d.o.o.',
    product: 'Licences',
    amount_minor: 1_250_000n,
    currency: 'EUR',
    stage: 'won',
    loss_reason: null,
    occurred_at: at,
    won_at: at,
    delivered_at: null,
    serviced_at: null,
    lost_at: null,
    ...overrides,
  };
}

describe('migrations on PostgreSQL', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase({ migrate: false });
  });
  afterAll(() => t?.close());

  it('go up, all the way down, and up again', async () => {
    expect(await tablesOf(t.db)).toEqual([]);
    const up = await migrateToLatest(t.db);
    expect(up.map((r) => [r.migrationName, r.direction, r.status])).toEqual(Object.keys(migrations).map((name) => [name, 'Up', 'Success']));
    expect(await tablesOf(t.db)).toEqual(TABLES);
    expect(await migrateToLatest(t.db)).toEqual([]);

    await migrateTo(t.db, NO_MIGRATIONS);
    expect(await tablesOf(t.db)).toEqual([]);
    // down() also dropped the identity sequences, serial sequences and indexes with their tables.
    const { rows } = await sql<{ n: bigint }>`select count(*) as n from pg_class where relnamespace = 'public'::regnamespace and relname not like 'kysely_%'`.execute(t.db);
    expect(rows[0]?.n).toBe(0n);
    const functions = await sql<{ n: bigint }>`select count(*) as n from pg_proc where pronamespace = 'public'::regnamespace`.execute(t.db);
    expect(functions.rows[0]?.n).toBe(0n);

    await migrateToLatest(t.db);
    expect(await tablesOf(t.db)).toEqual(TABLES);
  });

  it('migrateDown reverts one step and migrateTo names a target', async () => {
    const down = await migrateDown(t.db);
    expect(down.map((r) => r.direction)).toEqual(['Down']);
    await migrateTo(t.db, LATEST);
    expect(await tablesOf(t.db)).toEqual(TABLES);
    await expect(migrateTo(t.db, '1999-01-01T000000-nope')).rejects.toThrow(MigrationError);
  });

  it('creates the indexes that keep goal progress, the leaderboard, the digest and exports fast', async () => {
    expect(await indexesOf(t.db, 'deals')).toEqual([
      'deals_member_created_idx',
      'deals_member_occurred_idx',
      'deals_pkey',
      'deals_team_delivered_idx',
      'deals_team_occurred_idx',
      'deals_team_undelivered_idx',
      'deals_team_week_idx',
      'deals_workspace_number_key',
      'deals_workspace_occurred_idx',
      'deals_workspace_occurred_number_idx',
      'deals_workspace_ref_key',
    ]);
    const { rows } = await sql<{ def: string }>`select indexdef as def from pg_indexes where indexname = 'deals_workspace_occurred_idx'`.execute(t.db);
    expect(rows[0]?.def).toContain('INCLUDE (member_id, amount_minor) WHERE (stage <> \'lost\'::text)');
    expect(await indexesOf(t.db, 'inbound_deliveries')).toContain('inbound_deliveries_created_idx');
    expect(await indexesOf(t.db, 'members')).toContain('members_workspace_lower_display_name_idx');
  });
});

describe('schema rules on PostgreSQL', () => {
  let t: TestDatabase;
  let ws: Awaited<ReturnType<typeof seed>>;
  beforeAll(async () => {
    t = await createTestDatabase();
    ws = await seed(t.db, 'T-rules');
  });
  afterAll(() => t?.close());

  it('gives each workspace its own deal numbers from 1, and drops them with the workspace', async () => {
    const other = await seed(t.db, 'T-numbers');
    const next = (id: number) => sql<{ n: number }>`select next_deal_number(${id}) as n`.execute(t.db).then((r) => r.rows[0]?.n);
    expect([await next(other.workspaceId), await next(other.workspaceId), await next(ws.workspaceId)]).toEqual([1, 2, 1]);
    await t.db.deleteFrom('workspaces').where('id', '=', other.workspaceId).execute();
    await expect(next(other.workspaceId)).rejects.toThrow(/deal_numbers_\d+" does not exist/);
  });

  it('fills defaults and parses int8 as bigint and DATE as its ISO text', async () => {
    expect(ws.member).toMatchObject({ role: 'rep', is_platform_admin: false });
    const inserted = await t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 1 })).returning(['id', 'amount_minor', 'created_at']).executeTakeFirstOrThrow();
    expect(typeof inserted.id).toBe('bigint');
    expect(inserted.amount_minor).toBe(1_250_000n);
    expect(inserted.created_at).toBeInstanceOf(Date);
    const goal = await t.db
      .insertInto('goals')
      .values({ workspace_id: ws.workspaceId, scope: 'company', member_id: null, team_id: null, subject_key: 'company', period: 'month', period_start: '2026-11-01', period_end: '2026-12-01', target: 9_000_000_000_000n, currency: 'EUR', created_by: ws.member.id })
      .returning(['period_start', 'target', 'metric'])
      .executeTakeFirstOrThrow();
    expect(goal).toEqual({ period_start: '2026-11-01', target: 9_000_000_000_000n, metric: 'revenue' });
    const audit = await t.db.insertInto('audit_log').values({ workspace_id: ws.workspaceId, actor_member_id: ws.member.id, action: 'deal.create', subject: 'deal:D-1', details: JSON.stringify({ amount: '12500.00' }) }).returning('details').executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ amount: '12500.00' });
  });

  it('rejects a lost deal without a reason, and a reason on a won deal', async () => {
    await expect(t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 10, stage: 'lost', amount_minor: null, loss_reason: null })).execute()).rejects.toThrow(/deals_loss_reason_iff_lost/);
    await expect(t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 11, stage: 'won', loss_reason: 'price' })).execute()).rejects.toThrow(/deals_loss_reason_iff_lost/);
    // …while a lost deal with a reason and no amount is fine.
    await t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 12, stage: 'lost', amount_minor: null, loss_reason: 'price' })).execute();
  });

  it('rejects a won deal with a zero, negative, missing or absurd amount', async () => {
    for (const amount_minor of [0n, -5n, null]) {
      await expect(t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 20, amount_minor })).execute()).rejects.toThrow(/deals_amount_positive_unless_lost/);
    }
    await expect(t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 20, amount_minor: 100_000_000_000_001n })).execute()).rejects.toThrow(/deals_amount_max_check/);
  });

  it('rejects a duplicate deal number in one workspace but not across workspaces', async () => {
    await t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 30 })).execute();
    await expect(t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 30 })).execute()).rejects.toThrow(/deals_workspace_number_key/);
    const other = await seed(t.db, 'T-other');
    await t.db.insertInto('deals').values(deal(other.workspaceId, other.member.id, { number: 30 })).execute();
  });

  it('rejects a bad stage, loss reason, empty or overlong customer', async () => {
    const bad: Partial<NewDeal>[] = [
      { stage: 'pending' as NewDeal['stage'] },
      { stage: 'lost', amount_minor: null, loss_reason: 'weather' as NewDeal['loss_reason'] },
      { customer: '' },
      { customer: 'x'.repeat(201) },
    ];
    for (const overrides of bad) {
      await expect(t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 40, ...overrides })).execute()).rejects.toThrow(/violates check constraint/);
    }
    await t.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 41, customer: 'x'.repeat(200) })).execute();
  });

  it('keeps workspaces, members and teams unique where they must be', async () => {
    await expect(t.db.insertInto('workspaces').values({ platform: 'slack', external_id: 'T-rules', name: 'Again', currency: 'EUR', locale: 'en', timezone: 'UTC' }).execute()).rejects.toThrow(/workspaces_platform_external_id_key/);
    await expect(t.db.insertInto('workspaces').values({ platform: 'discord' as 'slack', external_id: 'X', name: 'X', currency: 'EUR', locale: 'en', timezone: 'UTC' }).execute()).rejects.toThrow(/workspaces_platform_check/);
    await expect(t.db.insertInto('members').values({ workspace_id: ws.workspaceId, external_id: 'U1', display_name: 'Ana 2', timezone: null, locale: null, team_id: null, profile_synced_at: null }).execute()).rejects.toThrow(/members_workspace_external_id_key/);
    await expect(t.db.insertInto('members').values({ workspace_id: ws.workspaceId, external_id: 'U9', display_name: 'Boss', role: 'owner' as 'admin', timezone: null, locale: null, team_id: null, profile_synced_at: null }).execute()).rejects.toThrow(/members_role_check/);
    await expect(t.db.insertInto('teams').values({ workspace_id: ws.workspaceId, name: 'EAST' }).execute()).rejects.toThrow(/teams_workspace_lower_name_key/);
  });

  it('ties a goal scope to its subject and keeps one goal per subject and period', async () => {
    const base = { workspace_id: ws.workspaceId, period: 'quarter' as const, period_start: '2026-10-01', period_end: '2027-01-01', target: 100n, currency: 'EUR', created_by: null };
    await t.db.insertInto('goals').values({ ...base, scope: 'rep', member_id: ws.member.id, team_id: null, subject_key: `rep:${ws.member.id}` }).execute();
    await expect(t.db.insertInto('goals').values({ ...base, scope: 'rep', member_id: ws.member.id, team_id: null, subject_key: `rep:${ws.member.id}` }).execute()).rejects.toThrow(/goals_subject_period_key/);
    await expect(t.db.insertInto('goals').values({ ...base, scope: 'team', member_id: ws.member.id, team_id: null, subject_key: `team:${ws.teamId}` }).execute()).rejects.toThrow(/goals_scope_subject_check/);
    await expect(t.db.insertInto('goals').values({ ...base, scope: 'team', member_id: null, team_id: ws.teamId, subject_key: 'team:East' }).execute()).rejects.toThrow(/goals_subject_key_check/);
    await expect(t.db.insertInto('goals').values({ ...base, scope: 'company', member_id: null, team_id: null, subject_key: 'company', target: 0n }).execute()).rejects.toThrow(/goals_target_check/);
    await expect(t.db.insertInto('goals').values({ ...base, scope: 'company', member_id: null, team_id: null, subject_key: 'company', period_end: '2026-10-01' }).execute()).rejects.toThrow(/goals_period_range_check/);
    // Same subject, other metric: a separate goal.
    await t.db.insertInto('goals').values({ ...base, scope: 'rep', member_id: ws.member.id, team_id: null, subject_key: `rep:${ws.member.id}`, metric: 'deals' }).execute();
  });

  it('de-duplicates inbound deliveries by platform and key', async () => {
    await t.db.insertInto('inbound_deliveries').values({ platform: 'slack', key: 'trigger-1' }).execute();
    await expect(t.db.insertInto('inbound_deliveries').values({ platform: 'slack', key: 'trigger-1' }).execute()).rejects.toThrow(/inbound_deliveries_pkey/);
    await t.db.insertInto('inbound_deliveries').values({ platform: 'teams', key: 'trigger-1' }).execute();
  });

  it('sets a member teamless when the team goes, and removes everything with the workspace', async () => {
    const other = await seed(t.db, 'T-delete');
    await t.db.deleteFrom('teams').where('id', '=', other.teamId).execute();
    const member = await t.db.selectFrom('members').select('team_id').where('id', '=', other.member.id).executeTakeFirstOrThrow();
    expect(member.team_id).toBeNull();
    await t.db.insertInto('deals').values(deal(other.workspaceId, other.member.id)).execute();
    await t.db.deleteFrom('workspaces').where('id', '=', other.workspaceId).execute();
    const left = await t.db.selectFrom('deals').select('id').where('workspace_id', '=', other.workspaceId).execute();
    expect(left).toEqual([]);
  });
});

describe('the same migrations on embedded PGlite', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pacer-pglite-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('migrates up, down and up, enforces the same rules, and keeps data across a restart', async () => {
    const dataDir = join(dir, 'db');
    const first = await connectDatabase({ dataDir });
    try {
      expect(first.kind).toBe('pglite');
      expect(await first.ping()).toBe(true);
      await migrateToLatest(first.db);
      await migrateTo(first.db, NO_MIGRATIONS);
      expect(await tablesOf(first.db)).toEqual([]);
      await migrateToLatest(first.db);
      expect(await tablesOf(first.db)).toEqual(TABLES);

      const ws = await seed(first.db, 'T-pglite');
      await first.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 1, amount_minor: 99n })).execute();
      await expect(first.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 2, stage: 'lost', amount_minor: null })).execute()).rejects.toThrow(/deals_loss_reason_iff_lost/);
      await expect(first.db.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 1 })).execute()).rejects.toThrow(/deals_workspace_number_key/);
      // Concurrent transactions on several pooled connections: the socket server must keep them apart.
      await Promise.all([1, 2, 3, 4, 5].map((n) => first.db.transaction().execute((trx) => trx.insertInto('deals').values(deal(ws.workspaceId, ws.member.id, { number: 100 + n })).execute())));
    } finally {
      await first.close();
    }
    // Closing twice is harmless (signal handler and teardown may both do it).
    await first.close();
    expect(await first.ping()).toBe(false);

    const second = await connectDatabase({ dataDir });
    try {
      // PGlite must never be opened twice on the same files: the live socket says it is taken.
      await expect(connectDatabase({ dataDir })).rejects.toThrow(/already serving/);
      const rows = await second.db.selectFrom('deals').select(['number', 'amount_minor']).orderBy('number').execute();
      expect(rows.map((r) => r.number)).toEqual([1, 101, 102, 103, 104, 105]);
      expect(rows[0]?.amount_minor).toBe(99n);
      expect(await migrateToLatest(second.db)).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
