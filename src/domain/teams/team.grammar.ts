import type { UserRef } from '../../bot/command.ts';
import { extraWords, usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { MAX_ADMIN_TEXT, parseUserRef } from '../members/member.grammar.ts';

/** Longest team name kept: it has to fit a leaderboard column and a channel post's header. */
export const MAX_TEAM_NAME = 60;

export const TEAM_EXAMPLES = {
  create: '/pacer team create East',
  add: '/pacer team add @alice East',
  list: '/pacer team list',
  remove: '/pacer team remove @alice',
} as const;

export type TeamArgs =
  | { kind: 'create'; name: string }
  | { kind: 'add'; user: UserRef; team: string }
  | { kind: 'list' }
  | { kind: 'remove'; user: UserRef; team?: string };

type Action = TeamArgs['kind'];

/** Subcommand words in English or Slovenian. */
const ACTION_WORDS: Record<string, Action> = {
  create: 'create', new: 'create', ustvari: 'create', nova: 'create',
  add: 'add', move: 'add', dodaj: 'add', premakni: 'add',
  list: 'list', ls: 'list', seznam: 'list',
  remove: 'remove', rm: 'remove', odstrani: 'remove',
};

const ALL_EXAMPLES = Object.values(TEAM_EXAMPLES).join(' · ');

/**
 * A team name as it will be stored: inner whitespace collapsed, 1–60 characters. A name may not start
 * like a mention or a channel (`@`, `<`, `#`), or `/pacer team add @alice <name>` could not tell them apart.
 */
export function checkTeamName(raw: string, example: string): Result<string, Problem> {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (!name) return err(usage('pacer.team.error.name_missing', {}, example));
  if ([...name].length > MAX_TEAM_NAME) return err(usage('pacer.team.error.name_too_long', { max: MAX_TEAM_NAME }, example));
  if (/^[@<#]/.test(name) || name.includes('<@')) return err(usage('pacer.team.error.name_invalid', { name: name.slice(0, 40) }, example));
  return ok(name);
}

/** Splits `@alice East Coast` (or `East Coast @alice`) into the person and the team name. */
function personAndTeam(tokens: string[]): { user: UserRef; team: string } | undefined {
  const [first = '', ...rest] = tokens;
  const leading = parseUserRef(first);
  if (leading) return { user: leading, team: rest.join(' ') };
  const last = tokens.at(-1) ?? '';
  const trailing = tokens.length > 1 ? parseUserRef(last) : undefined;
  return trailing ? { user: trailing, team: tokens.slice(0, -1).join(' ') } : undefined;
}

const userExpected = (rest: string[], example: string): Problem =>
  rest[0] ? usage('pacer.error.user_expected', { text: rest[0].slice(0, 40) }, example) : usage('pacer.error.user_missing', {}, example);

/**
 * `/pacer team create East` · `/pacer team add @alice East` · `/pacer team list` · `/pacer team remove @alice`.
 * The registry routes only one word after `/pacer`, so `team` reads its own action word. With no
 * words at all it lists the teams: a command that shows something shows it when given nothing.
 */
export function parseTeam(text: string): Result<TeamArgs, Problem> {
  if (text.length > MAX_ADMIN_TEXT) return err(usage('pacer.error.too_long', { max: MAX_ADMIN_TEXT }, ALL_EXAMPLES));
  const [word = '', ...rest] = text.trim().split(/\s+/).filter(Boolean);
  if (!word) return ok({ kind: 'list' });
  const action = ACTION_WORDS[word.toLowerCase()];
  if (!action) return err(usage('pacer.team.error.unknown_action', { word: word.slice(0, 40), actions: 'create, add, list, remove' }, ALL_EXAMPLES));
  const example = TEAM_EXAMPLES[action];
  switch (action) {
    case 'list':
      return rest.length === 0 ? ok({ kind: 'list' }) : err(extraWords(rest.join(' '), example));
    case 'create': {
      const name = checkTeamName(rest.join(' '), example);
      return name.ok ? ok({ kind: 'create', name: name.value }) : name;
    }
    case 'add': {
      const parts = personAndTeam(rest);
      if (!parts) return err(userExpected(rest, example));
      if (!parts.team.trim()) return err(usage('pacer.team.error.team_missing', {}, example));
      const team = checkTeamName(parts.team, example);
      return team.ok ? ok({ kind: 'add', user: parts.user, team: team.value }) : team;
    }
    case 'remove': {
      const parts = personAndTeam(rest);
      if (!parts) return err(userExpected(rest, example));
      if (!parts.team.trim()) return ok({ kind: 'remove', user: parts.user });
      const team = checkTeamName(parts.team, example);
      return team.ok ? ok({ kind: 'remove', user: parts.user, team: team.value }) : team;
    }
  }
}
