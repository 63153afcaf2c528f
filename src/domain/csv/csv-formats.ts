/**
 * The CSV files Pacer reads and writes, one list of columns each: what `pacer import` accepts and what
 * `pacer export` writes, so a file exported can be imported again (the round trip). Documented with a
 * sample each in the README (`docs/csv/*.csv`).
 */
export type CsvKind = 'deals' | 'members' | 'goals' | 'feedback';
export const CSV_KINDS: readonly CsvKind[] = ['deals', 'members', 'goals', 'feedback'];

export interface CsvColumn {
  name: string;
  /** A file without this column is refused; an empty cell may still be allowed (see the row rules). */
  required: boolean;
}

const col = (name: string, required = false): CsvColumn => ({ name, required });

export const CSV_COLUMNS: Readonly<Record<CsvKind, readonly CsvColumn[]>> = {
  deals: [
    col('date', true), col('rep', true), col('customer', true), col('amount', true), col('currency'), col('product'), col('stage', true),
    col('loss_reason'), col('delivered_at'), col('serviced_at'), col('team'), col('ref'),
  ],
  members: [col('rep', true), col('name', true), col('email'), col('team'), col('role'), col('timezone'), col('locale')],
  goals: [col('scope', true), col('subject'), col('target', true), col('metric'), col('period', true), col('start', true)],
  feedback: [col('date', true), col('rep', true), col('kind', true), col('text', true), col('deal_ref')],
};

export const columnNames = (kind: CsvKind): string[] => CSV_COLUMNS[kind].map((c) => c.name);

/**
 * The largest file a chat upload may be: files of this size come from a CRM export, and belong on the
 * command line, which streams them (a million deal rows is about 100 MB).
 */
export const MAX_CHAT_CSV_BYTES = 50 * 1024 * 1024;

/** A size limit as people read it: `50` (MB). */
export const megabytes = (bytes: number): number => Math.round(bytes / 1024 / 1024);
/** The largest file the command line reads: well above ten million deals, and still refuses a wrong file. */
export const MAX_CLI_CSV_BYTES = 2 * 1024 * 1024 * 1024;
