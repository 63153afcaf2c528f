import type { ParseContext } from '../../bot/command.ts';
import { usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { isAmountLike, parseAmount } from '../../money/amount.ts';
import { parsePeriod } from '../../time/periods.ts';
import { SET_GOAL_EXAMPLE, type SetGoalArgs, type SubjectRef } from './goal.service.ts';

const MENTION = /^<@([^>\s|]+)>$/;
const EXAMPLES = [SET_GOAL_EXAMPLE, '/goal set team East 200000 quarter', '/goal set company 1M year'];
const DEAL_WORDS = new Set(['deals', 'deal', 'poslov', 'posli', 'posla', 'posel']);
const MAX_DEALS_TARGET = 1_000_000n;

/** Reads who the goal is for; returns the subject and the tokens after it. */
function readSubject(tokens: string[], pctx: ParseContext): Result<{ subject: SubjectRef; rest: string[] }, Problem> {
  const [first = '', ...rest] = tokens;
  const word = first.toLowerCase();
  if (word === 'company' || word === 'podjetje') return ok({ subject: { scope: 'company' }, rest });
  if (word === 'team' || word === 'ekipa') {
    // The team name runs up to the target; its first word is always part of the name (`team 2`).
    const amountAt = rest.findIndex((token, i) => i > 0 && isAmountLike(token, pctx.numberLocale));
    const nameTokens = amountAt === -1 ? rest : rest.slice(0, amountAt);
    if (nameTokens.length === 0) return err(usage('goals.error.team_missing', {}, '/goal set team East 200000 quarter'));
    return ok({ subject: { scope: 'team', name: nameTokens.join(' ') }, rest: amountAt === -1 ? [] : rest.slice(amountAt) });
  }
  const mention = MENTION.exec(first);
  if (mention?.[1]) return ok({ subject: { scope: 'rep', user: { kind: 'id', id: mention[1] } }, rest });
  if (first.startsWith('@') && first.length > 1) return ok({ subject: { scope: 'rep', user: { kind: 'name', name: first.slice(1) } }, rest });
  return err(usage('goals.error.subject', { subject: first.slice(0, 40) }, EXAMPLES.join(' · ')));
}

/** `/goal set @alice 50000 month` · `/goal set team East 200000 quarter` · `/goal set company 1M year` · `/goal set @bob 12 deals month` */
export function parseSetGoal(text: string, pctx: ParseContext): Result<SetGoalArgs, Problem> {
  if (text.length > 500) return err(usage('goals.error.subject', { subject: text.slice(0, 40) }, SET_GOAL_EXAMPLE));
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  if (tokens.length === 0) return err(usage('goals.error.subject', { subject: '' }, EXAMPLES.join(' · ')));
  const subject = readSubject(tokens, pctx);
  if (!subject.ok) return subject;
  const [amountText, ...after] = subject.value.rest;
  if (!amountText) return err(usage('goals.error.target_missing', {}, SET_GOAL_EXAMPLE));
  let metric: SetGoalArgs['metric'] = 'revenue';
  let rest = after;
  if (rest[0] && DEAL_WORDS.has(rest[0].toLowerCase())) {
    metric = 'deals';
    rest = rest.slice(1);
  }
  const target = metric === 'deals' ? parseCount(amountText) : parseAmount(amountText, { locale: pctx.numberLocale, currency: pctx.currency });
  if (!target.ok) return err({ ...target.error, example: SET_GOAL_EXAMPLE });
  const periodText = rest.join(' ') || 'month';
  const period = parsePeriod(periodText);
  if (!period) return err(usage('goals.error.period', { period: periodText.slice(0, 40) }, SET_GOAL_EXAMPLE));
  return ok({ subject: subject.value.subject, target: target.value, metric, period });
}

function parseCount(text: string): Result<bigint, Problem> {
  if (!/^\d{1,7}$/.test(text)) return err(usage('goals.error.count', { input: text.slice(0, 40) }, '/goal set @bob 12 deals month'));
  const count = BigInt(text);
  if (count <= 0n || count > MAX_DEALS_TARGET) return err(usage('goals.error.count', { input: text }, '/goal set @bob 12 deals month'));
  return ok(count);
}
