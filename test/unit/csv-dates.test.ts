/**
 * dateReader (cells.ts): `when` as a million rows need it, asking luxon once per hour of the file.
 * It must read every cell exactly as `when` does, on the days zones change their offsets above all.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dateReader, when } from '../../src/domain/csv/import/cells.ts';

describe('dates with a time of day (read with luxon once per hour of the file)', () => {
  const ZONES = ['Europe/Ljubljana', 'America/New_York', 'America/Sao_Paulo', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/St_Johns', 'Pacific/Apia', 'Africa/Casablanca', 'Asia/Tehran', 'UTC'];
  const LATER = new Date('2030-01-01T00:00:00Z');
  /** Every cell where dateReader and cells.ts's `when` disagree, with both answers. */
  const disagreements = (zone: string, cells: string[]): unknown[] => {
    const read = dateReader(zone, LATER);
    return cells.flatMap((raw) => {
      const [fast, slow] = [read('date', raw), when('date', raw, zone, LATER)];
      return JSON.stringify(fast) === JSON.stringify(slow) ? [] : [{ zone, raw, fast, slow }];
    });
  };

  it('reads the days a zone changes its offset (skipped and repeated hours, half hours, a skipped day) exactly as when() does', () => {
    for (const zone of ZONES) {
      // The days whose noon offset differs from the day before's, since 2024; Samoa's skipped day (2011); Brazil's last change, at midnight (2018).
      const days = ['2011-12-29', '2011-12-30', '2011-12-31', '2018-11-03', '2018-11-04'];
      let before = DateTime.fromISO('2024-01-01T12:00', { zone }).offset;
      for (let day = DateTime.fromISO('2024-01-02', { zone: 'UTC' }); day.year < 2027; day = day.plus({ days: 1 })) {
        const offset = DateTime.fromISO(`${day.toISODate()}T12:00`, { zone }).offset;
        if (offset !== before) days.push(day.minus({ days: 1 }).toISODate() ?? '', day.toISODate() ?? '');
        before = offset;
      }
      const cells = days.flatMap((day) => Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0')).flatMap((hh) =>
        ['59', '00', '01', '29', '30', '31'].flatMap((mm) => [`${day}T${hh}:${mm}`, `${day} ${hh}:${mm}:59`])));
      expect(disagreements(zone, cells)).toEqual([]);
    }
  });

  it('reads moments since 1890 (local mean time too) and refuses what when() refuses, alike', () => {
    let seed = 20_261_208;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    const two = (n: number): string => String(n).padStart(2, '0');
    const cells = Array.from({ length: 600 }, () => {
      const day = `${1890 + random(141)}-${two(1 + random(12))}-${two(1 + random(31))}`;
      return `${day}${random(2) ? 'T' : ' '}${two(random(24))}:${two(random(60))}${random(2) ? `:${two(random(60))}` : ''}`;
    });
    cells.push('2026-10-05T24:00', '2026-10-05T14:60', '2026-13-01T10:00', '2026-02-29T10:00', '2028-02-29T10:00', '2026-10-05T14:30:00Z', '2026-10-05T14:30:00+02:00',
      '2026-10-05T14:30:00.5', '2026-10-05T14', '2026-10-05', '', '2031-01-01T10:00', '2029-12-31T23:59:59', '2026-10-05T1:30', 'yesterday');
    for (const zone of ZONES) expect(disagreements(zone, cells)).toEqual([]);
  });
});
