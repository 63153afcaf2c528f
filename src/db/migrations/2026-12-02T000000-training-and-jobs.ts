import { sql, type Kysely } from 'kysely';

/**
 * What scheduled work needs: training modules, their assignments and completions, coaching notes,
 * out-of-office days, the holiday calendar, channels chosen for posts, posts already made (so a job
 * that runs twice posts once) and the per-channel send slots that pace them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('workspaces')
    // ISO 3166 country (and optional region) of the holiday calendar; null: weekends only.
    .addColumn('holiday_country', 'text')
    .addColumn('holiday_region', 'text')
    .execute();
  // Out of office through this local day (inclusive): no reminders until the day after.
  await db.schema.alterTable('members').addColumn('away_until', 'date').execute();

  await db.schema
    .createTable('channels')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    // A team's own channel; null is the workspace's default for the purpose.
    .addColumn('team_id', 'integer', (c) => c.references('teams.id').onDelete('cascade'))
    .addColumn('conversation_id', 'text', (c) => c.notNull())
    .addColumn('set_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('channels_purpose_check', sql`purpose in ('goals', 'managers', 'recognition')`)
    .execute();
  await sql`create unique index channels_workspace_purpose_team_key on channels (workspace_id, purpose, coalesce(team_id, 0))`.execute(db);

  await db.schema
    .createTable('training_modules')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('created_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create unique index training_modules_workspace_name_key on training_modules (workspace_id, lower(name))`.execute(db);

  await db.schema
    .createTable('training_assignments')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('module_id', 'integer', (c) => c.notNull().references('training_modules.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    // The team it was assigned through (`to team East`), for the record.
    .addColumn('team_id', 'integer', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('cadence', 'text', (c) => c.notNull())
    .addColumn('every_weeks', 'integer')
    .addColumn('weekday', 'integer')
    .addColumn('due_on', 'date')
    // Local time of day the reminder arrives, minutes after midnight in the rep's zone.
    .addColumn('remind_at_minute', 'integer', (c) => c.notNull())
    // The first local day of the cadence (every-N-weeks counts from its week).
    .addColumn('starts_on', 'date', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('assigned_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('training_assignments_cadence_check', sql`cadence in ('daily', 'weekly', 'monthly', 'once')`)
    .addCheckConstraint('training_assignments_minute_check', sql`remind_at_minute between 0 and 1439`)
    .addCheckConstraint('training_assignments_shape_check', sql`
      (cadence = 'weekly' and every_weeks between 1 and 52 and weekday between 1 and 7) or
      (cadence = 'once' and due_on is not null) or
      (cadence in ('daily', 'monthly'))`)
    .execute();
  // One live assignment of a module per rep: assigning again changes it.
  await sql`create unique index training_assignments_live_key on training_assignments (module_id, member_id) where ended_at is null`.execute(db);
  await sql`create index training_assignments_member_idx on training_assignments (member_id) where ended_at is null`.execute(db);

  await db.schema
    .createTable('training_completions')
    .addColumn('assignment_id', 'integer', (c) => c.notNull().references('training_assignments.id').onDelete('cascade'))
    // The cycle it completes: the local day that cycle started (the assignment's start for `once`).
    .addColumn('cycle_start', 'date', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('completed_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addPrimaryKeyConstraint('training_completions_pkey', ['assignment_id', 'cycle_start'])
    .execute();

  await db.schema
    .createTable('coaching_notes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('coach_id', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('coaching_notes_member_idx').on('coaching_notes').columns(['member_id', 'created_at']).execute();

  // A post a job made, keyed by (kind, recipient, period): a job that runs twice finds its key taken.
  await db.schema
    .createTable('job_posts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('conversation_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('posted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('job_posts_key', ['workspace_id', 'kind', 'recipient', 'period'])
    .execute();

  // Platform pacing, shared by every worker: the next free moment a job may start posting into a
  // conversation, and the moment before which nothing may land there (set after each post and by a 429).
  await db.schema
    .createTable('send_slots')
    .addColumn('conversation_key', 'text', (c) => c.primaryKey())
    .addColumn('next_at', 'timestamptz', (c) => c.notNull())
    .addColumn('quiet_until', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['send_slots', 'job_posts', 'coaching_notes', 'training_completions', 'training_assignments', 'training_modules', 'channels']) {
    await db.schema.dropTable(table).execute();
  }
  await db.schema.alterTable('members').dropColumn('away_until').execute();
  await db.schema.alterTable('workspaces').dropColumn('holiday_country').dropColumn('holiday_region').execute();
}
