/** Locale-aware formatting of what Pacer shows: money, counts, percentages, dates. */
export interface Formats {
  /** `12500_00n` in EUR → `€12,500.00` (en) or `12.500,00 €` (sl). Whole amounts drop the cents. */
  money(minor: bigint, currency: string): string;
  /** A count or plain number with the locale's grouping: `1,234` / `1.234`. */
  number(value: number | bigint): string;
  /** A ratio as a whole percentage: `0.634` → `63%` / `63 %`. */
  percent(ratio: number): string;
  /** A calendar day (ISO `2026-11-30` or a Date in the given zone) → `Mon, Nov 30` / `pon., 30. nov.`. */
  date(day: string | Date, zone?: string): string;
  /** A position: `3` → `3rd` / `3.`. */
  ordinal(n: number): string;
}
