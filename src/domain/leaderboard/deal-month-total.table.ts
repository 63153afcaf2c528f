/** Won totals per rep and month (workspace zone), kept by triggers on deals; read-only to the app. */
export interface DealMonthTotalTable {
  workspace_id: number;
  /** First day of the month. */
  month: string;
  member_id: number;
  won_minor: bigint;
  won_deals: number;
}

export interface PartialDB {
  deal_month_totals: DealMonthTotalTable;
}
