import { extraWords, usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { checkTeamName } from '../teams/team.grammar.ts';
import type { ChannelPurpose } from './channel.table.ts';

/** Every purpose a channel can be chosen for, in the order settings list them. */
export const CHANNEL_PURPOSES: readonly ChannelPurpose[] = ['goals', 'managers', 'recognition'];

export const CHANNEL_EXAMPLES = {
  goals: '/pacer config channel goals #sales',
  managers: '/pacer config channel managers #sales-leads',
  team: '/pacer config channel goals #east-sales team East',
  here: '/pacer config channel goals here',
  off: '/pacer config channel goals off',
} as const;

/**
 * Where posts for a purpose go: a channel named in the command, the conversation the command was
 * typed in, or nowhere (`off`).
 */
export type ChannelTarget = { kind: 'conversation'; id: string } | { kind: 'here' } | { kind: 'off' };

export interface ChannelArgs {
  purpose: ChannelPurpose;
  target: ChannelTarget;
  /** A team's own channel, by team name; absent: the workspace's default for the purpose. */
  team?: string;
}

/** Purpose words in English or Slovenian. */
const PURPOSE_WORDS: Record<string, ChannelPurpose> = {
  goals: 'goals', goal: 'goals', cilji: 'goals', cilj: 'goals',
  managers: 'managers', manager: 'managers', vodje: 'managers', vodja: 'managers',
  recognition: 'recognition', kudos: 'recognition', pohvale: 'recognition', priznanja: 'recognition',
};
const HERE_WORDS = new Set(['here', 'tu', 'tukaj']);
const OFF_WORDS = new Set(['off', 'none', 'izklop', 'izklopi', 'brez']);
const TEAM_WORDS = new Set(['team', 'ekipa']);

/**
 * A channel as adapters hand it to the core: `<#C0123>` (Slack's `<#C0123|sales>`, normalised; the
 * label is tolerated in case one slips through). Teams has no such syntax: there, `here` is the way.
 */
const CHANNEL = /^<#([^>\s|]+)(?:\|[^>]*)?>$/;

function readTarget(token: string, example: string): Result<ChannelTarget, Problem> {
  const word = token.toLowerCase();
  if (HERE_WORDS.has(word)) return ok({ kind: 'here' });
  if (OFF_WORDS.has(word)) return ok({ kind: 'off' });
  const channel = CHANNEL.exec(token);
  if (channel?.[1]) return ok({ kind: 'conversation', id: channel[1] });
  // `#sales` as plain text: the platform did not turn it into a channel, so nothing says which one.
  if (token.startsWith('#')) return err(usage('pacer.channel.error.plain_name', { text: token.slice(0, 40) }, CHANNEL_EXAMPLES.here));
  return err(usage('pacer.channel.error.target', { text: token.slice(0, 40) }, `${example} · ${CHANNEL_EXAMPLES.here}`));
}

/**
 * `goals #sales` · `managers #sales-leads` · `goals #east-sales team East` · `goals here` · `goals off`,
 * the words after `/pacer config channel`. The team may also come before the channel
 * (`goals team East #east-sales`); the team name runs to the channel or the end.
 */
export function parseChannelArgs(tokens: readonly string[]): Result<ChannelArgs, Problem> {
  const [purposeWord = '', ...rest] = tokens;
  const purposes = CHANNEL_PURPOSES.join(', ');
  if (!purposeWord) return err(usage('pacer.channel.error.purpose_missing', { purposes }, CHANNEL_EXAMPLES.goals));
  const purpose = PURPOSE_WORDS[purposeWord.toLowerCase()];
  if (!purpose) return err(usage('pacer.channel.error.purpose', { purpose: purposeWord.slice(0, 40), purposes }, CHANNEL_EXAMPLES.goals));
  const example = CHANNEL_EXAMPLES[purpose === 'managers' ? 'managers' : 'goals'];

  const teamFirst = rest[0] !== undefined && TEAM_WORDS.has(rest[0].toLowerCase());
  const targetToken = teamFirst ? (rest.length > 2 ? rest.at(-1) : undefined) : rest[0];
  if (targetToken === undefined) return err(usage('pacer.channel.error.target_missing', {}, `${example} · ${CHANNEL_EXAMPLES.here}`));
  const target = readTarget(targetToken, example);
  if (!target.ok) return target;

  const after = teamFirst ? rest.slice(0, -1) : rest.slice(1);
  if (after.length === 0) return ok({ purpose, target: target.value });
  const [teamWord = '', ...teamName] = after;
  if (!TEAM_WORDS.has(teamWord.toLowerCase())) return err(extraWords(after.join(' '), CHANNEL_EXAMPLES.team));
  const team = checkTeamName(teamName.join(' '), CHANNEL_EXAMPLES.team);
  return team.ok ? ok({ purpose, target: target.value, team: team.value }) : team;
}
