import { sql, type Kysely } from 'kysely';

/**
 * Recognition: kudos from colleagues (one shout-out, one or more receivers), the incentives admins
 * offer for a period's result, and the incentives each rep earned (recorded once per rep, incentive
 * and period, then marked delivered by a manager).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('kudos')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('giver_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    // The giver's team when given: it chooses the recognition channel, and moving the giver later does not move it.
    .addColumn('team_id', 'integer', (c) => c.references('teams.id').onDelete('set null'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('deal_id', 'bigint', (c) => c.references('deals.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('kudos_workspace_created_idx').on('kudos').columns(['workspace_id', 'created_at']).execute();
  await db.schema
    .createTable('kudos_receivers')
    .addColumn('kudos_id', 'integer', (c) => c.notNull().references('kudos.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('kudos_receivers_pkey', ['kudos_id', 'member_id'])
    .execute();
  await db.schema.createIndex('kudos_receivers_member_idx').on('kudos_receivers').columns(['member_id', 'kudos_id']).execute();

  await db.schema
    .createTable('incentives')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // A bonus's amount in minor units of `currency`; other kinds have none.
    .addColumn('amount_minor', 'bigint')
    .addColumn('currency', 'text')
    // `attainment`: earned at `threshold` percent of goal or more; `top`: by the reps ranked `threshold` or better.
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('threshold', 'integer', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('created_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // Removed incentives are ended, not deleted: what reps earned under them stays on record.
    .addColumn('ended_at', 'timestamptz')
    .addCheckConstraint('incentives_kind_check', sql`kind in ('bonus', 'time-off', 'travel', 'office', 'other')`)
    .addCheckConstraint('incentives_rule_check', sql`(rule = 'attainment' and threshold between 1 and 1000) or (rule = 'top' and threshold between 1 and 10)`)
    .addCheckConstraint('incentives_period_check', sql`period in ('month', 'quarter', 'year')`)
    .addCheckConstraint('incentives_amount_check', sql`(kind = 'bonus') = (amount_minor is not null and currency is not null)`)
    .execute();
  await db.schema.createIndex('incentives_workspace_name_idx').unique().on('incentives')
    .expression(sql`workspace_id, lower(name)`).where(sql.ref('ended_at'), 'is', null).execute();

  await db.schema
    .createTable('incentive_awards')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('workspace_id', 'integer', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('incentive_id', 'integer', (c) => c.notNull().references('incentives.id').onDelete('cascade'))
    .addColumn('member_id', 'integer', (c) => c.notNull().references('members.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('period_start', 'date', (c) => c.notNull())
    // What earned it, as it stood when announced.
    .addColumn('attainment_ppm', 'bigint', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('delivered_by', 'integer', (c) => c.references('members.id').onDelete('set null'))
    .addUniqueConstraint('incentive_awards_once_key', ['incentive_id', 'member_id', 'period_start'])
    .execute();
  await db.schema.createIndex('incentive_awards_member_idx').on('incentive_awards').columns(['member_id', 'period_start']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('incentive_awards').execute();
  await db.schema.dropTable('incentives').execute();
  await db.schema.dropTable('kudos_receivers').execute();
  await db.schema.dropTable('kudos').execute();
}
