import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Member } from '../domain/members/member.table.ts';
import type { Workspace } from '../domain/workspaces/workspace.table.ts';
import { ensureWorkspace } from '../domain/workspaces/workspace.repository.ts';
import { findWorkspaceAndMember } from '../domain/members/member.repository.ts';
import { readProfile, syncMember, type ProfileSource } from '../domain/members/member.service.ts';
import { createFormats } from '../i18n/formats-impl.ts';
import { translator } from '../i18n/i18n.ts';
import { toLocale, type Locale } from '../i18n/locale.ts';
import type { Caller, ParseContext } from './command.ts';
import type { EventBase, PlatformProfile } from './ports.ts';
import { effectiveRole } from './roles.ts';

/** The caller and everything a command needs before its transaction opens, but its arguments. */
export interface Session extends Caller {
  pctx: ParseContext;
  /** Profiles of people mentioned in the text, read from the platform before the transaction. */
  mentioned: Map<string, PlatformProfile>;
}

/** The language a workspace's posts are in: its setting (`sl`, or a platform's `sl-SI`), else English. */
export const workspaceLocale = (workspace: Workspace): Locale => toLocale(workspace.locale) ?? 'en';

/**
 * The language a person reads: their own platform language when Pacer speaks it, else the
 * workspace default. Amounts always parse in the workspace locale, so one team types one format.
 */
export const readerLocale = (workspace: Workspace, member: Member | undefined): Locale =>
  toLocale(member?.locale) ?? workspaceLocale(workspace);

const MENTION = /<@([^>\s|]+)>/g;

export async function openSession(db: Kysely<Database>, source: ProfileSource, event: EventBase, now: Date, text = ''): Promise<Session> {
  const found = await findWorkspaceAndMember(db, event.workspace.platform, event.workspace.externalId, event.userId);
  const workspace = found?.workspace ?? (await ensureWorkspace(db, event.workspace));
  const actor = await syncMember(db, source, workspace, event.workspace, event.userId, now, event.profile, found?.member ?? null);
  const locale = readerLocale(workspace, actor);
  const mentioned = new Map<string, PlatformProfile>();
  const ids = new Set([...text.matchAll(MENTION)].map((m) => m[1] ?? '').filter((id) => id && id !== event.userId));
  await Promise.all(
    [...ids].slice(0, 20).map(async (id) => {
      const profile = await readProfile(source, event.workspace, id);
      if (profile) mentioned.set(id, profile);
    }),
  );
  return {
    now,
    workspace,
    actor,
    role: effectiveRole(actor),
    locale,
    t: translator(locale),
    fmt: createFormats(locale),
    pctx: { numberLocale: workspaceLocale(workspace), currency: workspace.currency },
    mentioned,
  };
}
