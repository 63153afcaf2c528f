import type { UserRef } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { parsePeriod } from '../../time/periods.ts';
import type { PeriodKind } from '../goals/goal.table.ts';
import { parseUserRef } from '../members/member.grammar.ts';
import { DIAGNOSIS_PERIODS } from './diagnosis.ts';

/** Longest text read at all: a team name and a period fit many times over, and it bounds every echo. */
export const MAX_DIAGNOSE_TEXT = 200;

export const DIAGNOSE_EXAMPLES = {
  company: '/diagnose',
  team: '/diagnose team East',
  rep: '/diagnose @alice',
  period: '/diagnose team East quarter',
} as const;

const ALL_EXAMPLES = [DIAGNOSE_EXAMPLES.company, DIAGNOSE_EXAMPLES.team, DIAGNOSE_EXAMPLES.rep].join(' · ');

/** Whom `/diagnose` names, before it is looked up. */
export type DiagnoseTarget = { kind: 'company' } | { kind: 'team'; name: string } | { kind: 'rep'; user: UserRef };

export interface DiagnoseArgs {
  target: DiagnoseTarget;
  period: PeriodKind;
}

const COMPANY_WORDS = new Set(['company', 'podjetje']);
const TEAM_WORDS = new Set(['team', 'ekipa']);

/** A period word that `/diagnose` takes; `year` is a period, but not one to diagnose. */
function readPeriod(word: string): Result<PeriodKind, Problem> | undefined {
  const period = parsePeriod(word);
  if (period === undefined) return undefined;
  return DIAGNOSIS_PERIODS.includes(period) ? ok(period) : err(usage('diagnosis.error.year', {}, DIAGNOSE_EXAMPLES.period));
}

/** After the subject only a period may follow: `@alice quarter`. */
function periodAfter(rest: readonly string[], target: DiagnoseTarget): Result<DiagnoseArgs, Problem> {
  if (rest.length === 0) return ok({ target, period: 'month' });
  const period = rest.length === 1 ? readPeriod(rest[0] ?? '') : undefined;
  if (period) return period.ok ? ok({ target, period: period.value }) : period;
  return err(usage('diagnosis.error.after', { text: rest.join(' ').slice(0, 40) }, DIAGNOSE_EXAMPLES.period));
}

/**
 * `/diagnose` (the company) · `/diagnose team East` · `/diagnose @alice`, each optionally followed by
 * `week`, `month` (the default) or `quarter`; a period alone diagnoses the company (`/diagnose quarter`).
 * A team's name runs to the end, less a final period word; its first word is always part of the name,
 * so a team called "Week" can still be named.
 */
export function parseDiagnose(text: string): Result<DiagnoseArgs, Problem> {
  if (text.length > MAX_DIAGNOSE_TEXT) return err(usage('diagnosis.error.too_long', { max: MAX_DIAGNOSE_TEXT }, DIAGNOSE_EXAMPLES.team));
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const [first, ...rest] = tokens;
  if (first === undefined) return ok({ target: { kind: 'company' }, period: 'month' });
  const word = first.toLowerCase();
  if (COMPANY_WORDS.has(word)) return periodAfter(rest, { kind: 'company' });
  if (TEAM_WORDS.has(word)) {
    if (rest.length === 0) return err(usage('diagnosis.error.team_missing', {}, DIAGNOSE_EXAMPLES.team));
    const last = rest.length > 1 ? readPeriod(rest.at(-1) ?? '') : undefined;
    if (last && !last.ok) return last;
    const name = (last ? rest.slice(0, -1) : rest).join(' ');
    return ok({ target: { kind: 'team', name }, period: last ? last.value : 'month' });
  }
  const user = parseUserRef(first);
  if (user) return periodAfter(rest, { kind: 'rep', user });
  const period = rest.length === 0 ? readPeriod(first) : undefined;
  if (period) return period.ok ? ok({ target: { kind: 'company' }, period: period.value }) : period;
  return err(usage('diagnosis.error.subject', { subject: first.slice(0, 40) }, ALL_EXAMPLES));
}
