import type { Role, UserRef } from '../../bot/command.ts';
import { extraWords, usage, type Problem } from '../../bot/errors.ts';
import { err, ok, type Result } from '../../bot/result.ts';
import { ROLES } from '../../bot/roles.ts';

/** `<@U0123>` as adapters normalise a mention; a `|label` suffix is tolerated in case one slips through. */
const MENTION = /^<@([^>\s|]+)(?:\|[^>]*)?>$/;

/** Longest admin command text read at all: no real command comes close, and it bounds every echo. */
export const MAX_ADMIN_TEXT = 500;

export const ROLE_EXAMPLE = '/pacer role @bob manager';

/**
 * Reads a person named in a command: a platform mention (`<@U0123>`) or a typed `@name`.
 *
 *   parseUserRef('<@U0123>') → { kind: 'id', id: 'U0123' }
 *   parseUserRef('@alice')   → { kind: 'name', name: 'alice' }
 */
export function parseUserRef(token: string): UserRef | undefined {
  const mention = MENTION.exec(token);
  if (mention?.[1]) return { kind: 'id', id: mention[1] };
  if (token.startsWith('@') && token.length > 1 && !token.includes('<')) return { kind: 'name', name: token.slice(1) };
  return undefined;
}

/** How a reference is echoed back in a reply: what the person typed, minus the markup. */
export const shownRef = (ref: UserRef): string => (ref.kind === 'name' ? `@${ref.name}` : ref.id);

/** Role words in either language, so a Slovenian admin can type `vodja`. */
const ROLE_WORDS: Record<string, Role> = {
  rep: 'rep', prodajnik: 'rep', prodajalec: 'rep',
  manager: 'manager', vodja: 'manager',
  admin: 'admin', skrbnik: 'admin',
};

export const parseRole = (word: string): Role | undefined => ROLE_WORDS[word.toLowerCase()];

export interface RoleArgs {
  user: UserRef;
  role: Role;
}

/** `/pacer role @bob manager` (the role may also come first: `/pacer role manager @bob`). */
export function parseRoleArgs(text: string): Result<RoleArgs, Problem> {
  if (text.length > MAX_ADMIN_TEXT) return err(usage('pacer.error.too_long', { max: MAX_ADMIN_TEXT }, ROLE_EXAMPLE));
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const roles = ROLES.join(', ');
  if (tokens.length === 0) return err(usage('pacer.role.error.missing', { roles }, ROLE_EXAMPLE));
  // The person may come before or after the role; whatever is not the person is the role.
  const users = tokens.map(parseUserRef);
  const userAt = users.findIndex((ref) => ref !== undefined);
  const user = users[userAt];
  if (!user) {
    const onlyRole = tokens.length === 1 && parseRole(tokens[0] ?? '') !== undefined;
    return err(onlyRole ? usage('pacer.error.user_missing', {}, ROLE_EXAMPLE) : usage('pacer.error.user_expected', { text: (tokens[0] ?? '').slice(0, 40) }, ROLE_EXAMPLE));
  }
  const others = tokens.filter((_, i) => i !== userAt);
  const [roleToken, ...extra] = others;
  if (!roleToken) return err(usage('pacer.role.error.missing', { roles }, ROLE_EXAMPLE));
  if (extra.length > 0) return err(extraWords(extra.join(' '), ROLE_EXAMPLE));
  const role = parseRole(roleToken);
  if (!role) return err(usage('pacer.role.error.unknown', { role: roleToken.slice(0, 40), roles }, ROLE_EXAMPLE));
  return ok({ user, role });
}
