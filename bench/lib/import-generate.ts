import { createWriteStream } from 'node:fs';
import { chmod, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { columnNames } from '../../src/domain/csv/csv-formats.ts';

/**
 * The import benchmark's deals.csv, written as it is generated (a stream of 64 KB chunks, never the
 * whole file as one string), the same bytes for the same seed, row count and anchor day. What a CRM
 * export looks like: rows roughly in the order the deals were made over the two years before the
 * anchor day, ISO dates (a quarter of them with a time of day), 500 reps of uneven weight, customers
 * with commas (quoted), a doubled quote now and then and a few non-ASCII names, amounts with cents,
 * won/delivered/serviced/lost with a reason for every lost deal, delivered_at after the date, and an
 * external ref `CRM-<n>` on every row. The generator also adds up what the database must hold after
 * a clean import, so the bench checks the data and not only the row count.
 */

export interface DealsFileOptions {
  path: string;
  rows: number;
  seed: number;
  reps: number;
  teams: number;
  /** Every date lies strictly before this UTC day (YYYY-MM-DD), so none is in the import's future. */
  anchorDay: string;
}

export interface DealsFileFacts {
  path: string;
  rows: number;
  bytes: number;
  generateMs: number;
  byStage: Record<string, number>;
  /** Σ amount of the deals not lost, minor units (at most 10^13 for a million rows: exact in a double). */
  wonMinor: number;
  wonDeals: number;
  nonAsciiCustomers: number;
  quotedCustomers: number;
  datesWithTime: number;
  teamNamed: number;
  emptyAmounts: number;
}

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ASCII_STEMS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent', 'Vandelay', 'Wonka', 'Gringotts',
  'Oscorp', 'Pied Piper', 'Aperture', 'Black Mesa', 'Monarch', 'Dunder Mifflin', 'Prestige Worldwide', 'Krka', 'Gorenje', 'Petrol',
  'Mercator', 'Hella', 'Kolektor', 'Akrapovic', 'Elan', 'Ljubljanske mlekarne', 'Adria Mobil',
];
/** A few names a CRM really holds in other scripts: they must survive the trip byte for byte. */
const NON_ASCII_STEMS = ['Žito', 'Mlinotest Čokolada', 'Müller & Söhne', 'Škofja Trade', 'Société Générale', 'Ærø Shipping', 'Łódź Textiles', 'Ödeshög Bygg', '東京商事', 'Čebelarstvo Kranjc'];
/** Names with a comma of their own, and one with quotes: the cells a naive split would break. */
const COMMA_STEMS = ['Smith, Jones & Partners', 'Novak, Kovač in drugi', 'Bread, Butter and Co'];
const QUOTE_STEM = 'The "Blue" Door';
const REGIONS = ['', '', '', ' Adriatic', ' Nord', ' Holding', ' Group', ' Trading', ' Systems', ' Logistics'];
const SUFFIXES = [' d.o.o.', ' d.o.o.', ' GmbH', ' Ltd', ' d.d.', ' AG', ', Inc.', ', LLC', ' s.p.'];
const PRODUCTS = ['Widgets', 'Gadgets', 'Licences (10 seats)', 'Support plan, 12 months', 'Onboarding, remote', 'Hardware bundle', 'Consulting days', 'Ključ v roke'];
const REASONS: readonly (readonly [string, number])[] = [['price', 0.35], ['product', 0.55], ['delivery', 0.7], ['service', 0.8], ['people', 0.9], ['other', 1]];
const DAYS_BACK = 730;

/** Quotes a cell when CSV requires it (a separator, a quote or a line break inside), doubling quotes. */
function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const capitalised = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);
const pad2 = (n: number): string => String(n).padStart(2, '0');

/** Writes the file and returns what is in it; chmod 644 so PostgreSQL's server-side COPY can read it. */
export async function writeDealsFile(o: DealsFileOptions): Promise<DealsFileFacts> {
  const started = performance.now();
  const random = prng(o.seed);
  const anchor = Date.parse(`${o.anchorDay}T00:00:00Z`);
  // Every day string the file can hold, formatted once rather than a million times.
  const days = Array.from({ length: DAYS_BACK + 2 }, (_, back) => new Date(anchor - back * 86_400_000).toISOString().slice(0, 10));
  const dayOf = (back: number): string => days[back] ?? o.anchorDay;
  const facts: DealsFileFacts = {
    path: o.path, rows: o.rows, bytes: 0, generateMs: 0, byStage: { won: 0, delivered: 0, serviced: 0, lost: 0 }, wonMinor: 0, wonDeals: 0,
    nonAsciiCustomers: 0, quotedCustomers: 0, datesWithTime: 0, teamNamed: 0, emptyAmounts: 0,
  };
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

  function customer(): string {
    const r = random();
    let stem: string;
    if (r < 0.03) stem = pick(NON_ASCII_STEMS);
    else if (r < 0.06) stem = pick(COMMA_STEMS);
    else if (r < 0.062) stem = QUOTE_STEM;
    else stem = pick(ASCII_STEMS);
    const name = `${stem}${pick(REGIONS)}${pick(SUFFIXES)}`;
    if (/[",]/.test(name)) facts.quotedCustomers += 1;
    // Counted on the name as written (a comma stem can be non-ASCII too), as the check counts it in SQL.
    if (/[^\x00-\x7f]/.test(name)) facts.nonAsciiCustomers += 1;
    return name;
  }

  /** A day `back` days before the anchor, as a date or (a quarter of the time) with a time of day. */
  function dateCell(back: number): string {
    const r = random();
    const day = dayOf(back);
    if (r >= 0.25) return day;
    facts.datesWithTime += 1;
    const hh = pad2(7 + Math.floor(random() * 12));
    const mm = pad2(Math.floor(random() * 60));
    if (r < 0.14) return `${day}T${hh}:${mm}`;
    if (r < 0.23) return `${day} ${hh}:${mm}:${pad2(Math.floor(random() * 60))}`;
    return `${day}T${hh}:${mm}:00Z`;
  }

  function row(n: number): string {
    // Roughly chronological (a CRM exports by id), a few days of jitter; never the anchor day itself.
    const trend = DAYS_BACK - Math.floor((DAYS_BACK * (n - 1)) / o.rows);
    const back = Math.min(DAYS_BACK, Math.max(1, trend + Math.floor(random() * 7) - 3));
    const repIndex = Math.min(o.reps - 1, Math.floor(o.reps * random() ** 1.3));
    const rep = `U${String(repIndex + 1).padStart(5, '0')}`;
    const r = random();
    let stage = r < 0.25 ? 'lost' : r < 0.45 ? 'won' : r < 0.8 ? 'delivered' : 'serviced';
    // Delivery 1–25 days after the deal, service 5–40 days after delivery; what would lie on or
    // after the anchor day has not happened yet, so the deal stays in its earlier stage.
    const deliveredBack = back - 1 - Math.floor(random() * 25);
    const servicedBack = deliveredBack - 5 - Math.floor(random() * 36);
    if (stage === 'serviced' && servicedBack < 1) stage = 'delivered';
    if (stage === 'delivered' && deliveredBack < 1) stage = 'won';
    const lost = stage === 'lost';

    const major = Math.round(Math.exp(Math.log(200) + random() * Math.log(500)));
    const centsKind = random();
    const cents = Math.floor(random() * 100);
    let amountCell: string;
    let amountMinor: number;
    if (lost && centsKind < 0.3) {
      amountCell = '';
      amountMinor = 0;
      facts.emptyAmounts += 1;
    } else if (centsKind < 0.4) {
      amountCell = String(major);
      amountMinor = major * 100;
    } else if (centsKind < 0.42) {
      amountCell = `${major}.${cents % 10}`;
      amountMinor = major * 100 + (cents % 10) * 10;
    } else {
      amountCell = `${major}.${pad2(cents)}`;
      amountMinor = major * 100 + cents;
    }
    facts.byStage[stage] = (facts.byStage[stage] ?? 0) + 1;
    if (!lost) {
      facts.wonMinor += amountMinor;
      facts.wonDeals += 1;
    }

    let reason = '';
    if (lost) {
      const rr = random();
      reason = REASONS.find(([, upTo]) => rr < upTo)?.[0] ?? 'other';
      if (random() < 0.05) reason = capitalised(reason);
    }
    const delivered = stage === 'delivered' || stage === 'serviced' ? dayOf(deliveredBack) : '';
    const serviced = stage === 'serviced' && random() < 0.5 ? dayOf(servicedBack) : '';
    const rc = random();
    const currency = rc < 0.7 ? 'EUR' : rc < 0.72 ? 'eur' : '';
    const product = random() < 0.25 ? '' : pick(PRODUCTS);
    // One row in ten names the rep's team itself (as some exports do), in whatever case.
    let team = '';
    if (random() < 0.1) {
      team = `Team ${pad2((repIndex % o.teams) + 1)}`;
      if (random() < 0.3) team = team.toLowerCase();
      facts.teamNamed += 1;
    }
    const stageCell = random() < 0.03 ? capitalised(stage) : stage;
    return [
      dateCell(back), rep, csvCell(customer()), amountCell, currency, csvCell(product), stageCell, reason, delivered, serviced, team, `CRM-${n}`,
    ].join(',');
  }

  function* chunks(): Generator<string> {
    yield `${columnNames('deals').join(',')}\n`;
    const lines: string[] = [];
    let size = 0;
    for (let n = 1; n <= o.rows; n++) {
      const line = row(n);
      lines.push(line);
      size += line.length + 1;
      if (size >= 64 * 1024) {
        yield `${lines.join('\n')}\n`;
        lines.length = 0;
        size = 0;
      }
    }
    if (lines.length > 0) yield `${lines.join('\n')}\n`;
  }

  // pipeline() waits for the file stream to drain before asking the generator for the next chunk.
  await pipeline(Readable.from(chunks()), createWriteStream(o.path));
  await chmod(o.path, 0o644);
  facts.bytes = (await stat(o.path)).size;
  facts.generateMs = performance.now() - started;
  return facts;
}
