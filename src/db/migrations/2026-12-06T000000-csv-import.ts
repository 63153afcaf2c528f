import { sql, type Kysely } from 'kysely';

/**
 * CSV import and export: a deal can carry the reference it had in the system it came from (`ref`, unique per
 * workspace, so importing the same file again updates instead of duplicating); a member can have an
 * e-mail address (members.csv sets it, and a deal's rep may be named by it). And the monthly totals'
 * triggers stand aside while `pacer.bulk_deals` is on in a transaction: an import of a million deals
 * then counts the months once at the end (pacer_fill_deal_months) instead of once per row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('deals').addColumn('ref', 'text').execute();
  await db.schema.createIndex('deals_workspace_ref_key').unique().on('deals').columns(['workspace_id', 'ref']).where(sql.ref('ref'), 'is not', null).execute();
  // An export reads a period's deals page by page in date order, lost ones too (the other date indexes leave them out).
  await db.schema.createIndex('deals_workspace_occurred_number_idx').on('deals').columns(['workspace_id', 'occurred_at', 'number']).execute();
  await db.schema.alterTable('members').addColumn('email', 'text').execute();
  await db.schema.createIndex('members_workspace_email_idx').on('members').expression(sql`workspace_id, lower(email)`).where(sql.ref('email'), 'is not', null).execute();
  await triggers(db, sql`and current_setting('pacer.bulk_deals', true) is distinct from 'on'`);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await triggers(db, sql``);
  await db.schema.dropIndex('members_workspace_email_idx').execute();
  await db.schema.alterTable('members').dropColumn('email').execute();
  await db.schema.dropIndex('deals_workspace_occurred_number_idx').execute();
  await db.schema.dropIndex('deals_workspace_ref_key').execute();
  await db.schema.alterTable('deals').dropColumn('ref').execute();
}

/** The two triggers of 2026-11-30T000000-deal-month-totals, declared again with an extra condition. */
async function triggers(db: Kysely<unknown>, unlessBulk: ReturnType<typeof sql>): Promise<void> {
  await sql`drop trigger deals_month_totals on deals`.execute(db);
  await sql`drop trigger deals_month_totals_moved on deals`.execute(db);
  await sql`create trigger deals_month_totals after insert or delete on deals for each row
    when (true ${unlessBulk}) execute function pacer_count_deal()`.execute(db);
  await sql`
    create trigger deals_month_totals_moved after update on deals for each row
    when (((old.stage = 'lost') is distinct from (new.stage = 'lost')
       or old.amount_minor is distinct from new.amount_minor
       or old.occurred_at is distinct from new.occurred_at
       or old.member_id is distinct from new.member_id) ${unlessBulk})
    execute function pacer_count_deal()`.execute(db);
}
