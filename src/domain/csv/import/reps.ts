import type { Db } from '../../../db/database.ts';
import type { Cell } from './cells.ts';

/** A rep as rows need them: who, and the team they are in now. */
export interface RepRef {
  id: number;
  teamId: number | null;
}

/** Finds the platform user behind an e-mail address (Slack `users.lookupByEmail`), when the platform can. */
export type EmailLookup = (email: string) => Promise<string | undefined>;

/**
 * Reads a `rep` cell: the platform user id (`U0123ABC`, a Teams user id) of a member Pacer knows, or
 * an e-mail address, matched against members' addresses (set by members.csv) and then, where the
 * platform can, against its directory. Unknown reps are reported, never guessed. Answers are cached
 * per import: a million deals have a few hundred reps.
 */
export function repReader(db: Db, workspaceId: number, lookupEmail?: EmailLookup): (column: string, raw: string) => Promise<Cell<RepRef>> {
  const cache = new Map<string, RepRef | null>();
  const byExternalId = (externalId: string) =>
    db.selectFrom('members').select(['id', 'team_id']).where('workspace_id', '=', workspaceId).where('external_id', '=', externalId).executeTakeFirst();
  async function find(raw: string): Promise<RepRef | null> {
    let row = await byExternalId(raw);
    if (!row && raw.includes('@')) {
      row = await db.selectFrom('members').select(['id', 'team_id']).where('workspace_id', '=', workspaceId)
        .where((eb) => eb(eb.fn('lower', ['email']), '=', raw.toLowerCase())).executeTakeFirst();
      const userId = row ? undefined : await lookupEmail?.(raw);
      if (userId) row = await byExternalId(userId);
    }
    return row ? { id: row.id, teamId: row.team_id } : null;
  }
  return async (column, raw) => {
    if (!raw) return { ok: false, issue: { column, key: 'imports.cell.missing' } };
    let rep = cache.get(raw);
    if (rep === undefined) {
      rep = await find(raw);
      cache.set(raw, rep);
    }
    return rep ? { ok: true, value: rep } : { ok: false, issue: { column, key: 'imports.cell.unknown_rep', params: { value: raw.slice(0, 60) } } };
  };
}

/** Reads a `team` cell: a team of the workspace by name, any case; unknown teams are reported, not created. */
export function teamReader(db: Db, workspaceId: number): (column: string, raw: string) => Promise<Cell<number | null>> {
  const cache = new Map<string, number | null>();
  return async (column, raw) => {
    if (!raw) return { ok: true, value: null };
    // Spaces collapsed and case ignored, as `/pacer team create` names teams.
    const key = raw.replace(/\s+/g, ' ').toLowerCase();
    let id = cache.get(key);
    if (id === undefined) {
      id = (await db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where((eb) => eb(eb.fn('lower', ['name']), '=', key)).executeTakeFirst())?.id ?? null;
      cache.set(key, id);
    }
    return id === null ? { ok: false, issue: { column, key: 'imports.cell.unknown_team', params: { value: raw.slice(0, 60) } } } : { ok: true, value: id };
  };
}
