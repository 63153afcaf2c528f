import { sql, type Kysely } from 'kysely';

/**
 * The first schema: workspaces, people, teams, goals, deals, the audit log and inbound de-duplication.
 *
 * Constraints are named so a violation's message says which rule broke (tests match on the names).
 * Everything the schema builder cannot express (expression indexes, partial covering indexes, identity
 * columns' GENERATED ALWAYS) is written with `sql`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull().defaultTo('EUR'))
    .addColumn('locale', 'text', (c) => c.notNull().defaultTo('en'))
    .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('workspaces_platform_external_id_key', ['platform', 'external_id'])
    .addCheckConstraint('workspaces_platform_check', sql`platform in ('slack', 'teams', 'local')`)
    // Uppercase ISO 4217 only, so 'eur' and 'EUR' can never be two currencies in one report.
    .addCheckConstraint('workspaces_currency_check', sql`currency ~ '^[A-Z]{3}$'`)
    .execute();

  // Deal references (D-42) count per workspace. A sequence per workspace hands them out without a
  // hot row: a counter column on the workspace would serialise every deal logged in it behind one
  // row lock held until commit. Like every sequence, a rolled-back command leaves a gap.
  await sql`
    create function pacer_create_deal_numbers() returns trigger language plpgsql as $$
    begin
      -- A leftover of the same name can only belong to a workspace that no longer exists (ids are
      -- reused only after TRUNCATE … RESTART IDENTITY, which fires no delete trigger): start afresh.
      execute format('drop sequence if exists deal_numbers_%s', new.id);
      execute format('create sequence deal_numbers_%s as integer', new.id);
      return new;
    end $$`.execute(db);
  await sql`
    create function pacer_drop_deal_numbers() returns trigger language plpgsql as $$
    begin
      execute format('drop sequence if exists deal_numbers_%s', old.id);
      return old;
    end $$`.execute(db);
  await sql`create trigger workspaces_deal_numbers_create after insert on workspaces for each row execute function pacer_create_deal_numbers()`.execute(db);
  await sql`create trigger workspaces_deal_numbers_drop after delete on workspaces for each row execute function pacer_drop_deal_numbers()`.execute(db);
  await sql`
    create function next_deal_number(workspace integer) returns integer language sql volatile as $$
      select nextval(format('deal_numbers_%s', workspace))::integer
    $$`.execute(db);

  await db.schema
    .createTable('teams')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  // "East" and "east" are the same team: unique ignoring case.
  await sql`create unique index teams_workspace_lower_name_key on teams (workspace_id, lower(name))`.execute(db);

  await db.schema
    .createTable('members')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().defaultTo('rep'))
    .addColumn('is_platform_admin', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('timezone', 'text')
    .addColumn('locale', 'text')
    // Deleting a team leaves its reps teamless rather than deleting people.
    .addColumn('team_id', 'integer', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('profile_synced_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('members_workspace_external_id_key', ['workspace_id', 'external_id'])
    .addCheckConstraint('members_role_check', sql`role in ('rep', 'manager', 'admin')`)
    .execute();
  // Commands name people by display name ("goal set @Ana"): lookups ignore case.
  await sql`create index members_workspace_lower_display_name_idx on members (workspace_id, lower(display_name))`.execute(db);

  await db.schema
    .createTable('goals')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('member_id', 'integer', (c) => c.references('members.id').onDelete('cascade'))
    .addColumn('team_id', 'integer', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('subject_key', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull().defaultTo('revenue'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('target', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // Who set it; the goal outlives its author.
    .addColumn('created_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('goals_subject_period_key', ['workspace_id', 'subject_key', 'metric', 'period', 'period_start'])
    .addCheckConstraint('goals_scope_check', sql`scope in ('rep', 'team', 'company')`)
    .addCheckConstraint('goals_metric_check', sql`metric in ('revenue', 'deals')`)
    .addCheckConstraint('goals_period_check', sql`period in ('week', 'month', 'quarter', 'year')`)
    .addCheckConstraint('goals_target_check', sql`target > 0`)
    .addCheckConstraint('goals_period_range_check', sql`period_end > period_start`)
    .addCheckConstraint(
      'goals_scope_subject_check',
      sql`(scope = 'rep' and member_id is not null and team_id is null)
       or (scope = 'team' and team_id is not null and member_id is null)
       or (scope = 'company' and member_id is null and team_id is null)`,
    )
    // The unique key above is only "one goal per subject and period" if subject_key is derived exactly.
    .addCheckConstraint(
      'goals_subject_key_check',
      sql`subject_key = case scope
            when 'rep' then 'rep:' || member_id::text
            when 'team' then 'team:' || team_id::text
            else 'company' end`,
    )
    .execute();

  // GENERATED ALWAYS (not serial): nobody can insert a chosen id and collide with the sequence later.
  await sql`
    create table deals (
      id bigint generated always as identity primary key,
      workspace_id integer not null references workspaces (id) on delete cascade,
      number integer not null,
      member_id integer not null references members (id),
      team_id integer references teams (id) on delete set null,
      customer text not null,
      product text,
      amount_minor bigint,
      currency text not null,
      stage text not null,
      loss_reason text,
      occurred_at timestamptz not null,
      won_at timestamptz,
      delivered_at timestamptz,
      serviced_at timestamptz,
      lost_at timestamptz,
      created_at timestamptz not null default now(),
      constraint deals_workspace_number_key unique (workspace_id, number),
      constraint deals_number_check check (number > 0),
      constraint deals_customer_length_check check (char_length(customer) between 1 and 200),
      constraint deals_stage_check check (stage in ('won', 'delivered', 'serviced', 'lost')),
      constraint deals_loss_reason_check
        check (loss_reason in ('product', 'price', 'delivery', 'service', 'people', 'other')),
      constraint deals_loss_reason_iff_lost check ((stage = 'lost') = (loss_reason is not null)),
      constraint deals_amount_positive_unless_lost
        check (stage = 'lost' or (amount_minor is not null and amount_minor > 0)),
      -- A trillion in major units: far above any real deal, far below bigint overflow in sums.
      constraint deals_amount_max_check check (amount_minor <= 100000000000000)
    )
  `.execute(db);
  // Goal progress and the leaderboard sum non-lost deals over a period, per rep, per team or for the
  // whole workspace; INCLUDE lets those sums run as index-only scans.
  await sql`create index deals_member_occurred_idx on deals (workspace_id, member_id, occurred_at)
    include (amount_minor) where stage <> 'lost'`.execute(db);
  await sql`create index deals_team_occurred_idx on deals (workspace_id, team_id, occurred_at)
    include (amount_minor) where stage <> 'lost'`.execute(db);
  await sql`create index deals_workspace_occurred_idx on deals (workspace_id, occurred_at)
    include (member_id, amount_minor) where stage <> 'lost'`.execute(db);
  // "My last deal" (undo, update): newest first per rep.
  await sql`create index deals_member_created_idx on deals (workspace_id, member_id, created_at desc)`.execute(db);

  await sql`
    create table audit_log (
      id bigint generated always as identity primary key,
      workspace_id integer not null references workspaces (id) on delete cascade,
      actor_member_id integer references members (id) on delete set null,
      action text not null,
      subject text not null,
      details jsonb not null default '{}',
      created_at timestamptz not null default now()
    )
  `.execute(db);
  await db.schema.createIndex('audit_log_workspace_created_idx').on('audit_log').columns(['workspace_id', 'created_at']).execute();

  await db.schema
    .createTable('inbound_deliveries')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('inbound_deliveries_pkey', ['platform', 'key'])
    .execute();
  // Pruning deletes old keys by age.
  await db.schema.createIndex('inbound_deliveries_created_idx').on('inbound_deliveries').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Deleting the workspaces first fires the trigger that drops each one's deal-number sequence.
  await sql`delete from workspaces`.execute(db);
  // Reverse dependency order; indexes and constraints go with their tables.
  for (const table of ['inbound_deliveries', 'audit_log', 'deals', 'goals', 'members', 'teams', 'workspaces']) {
    await db.schema.dropTable(table).execute();
  }
  for (const fn of ['next_deal_number(integer)', 'pacer_create_deal_numbers()', 'pacer_drop_deal_numbers()']) {
    await sql`drop function ${sql.raw(fn)}`.execute(db);
  }
}
