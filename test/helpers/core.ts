import type { Kysely } from 'kysely';
import { fixedClock } from '../../src/bot/clock.ts';
import { createCore } from '../../src/bot/core.ts';
import type { EffectSink } from '../../src/bot/effects.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { CommandReply, Directory, Inbound, PlatformProfile, WorkspaceRef } from '../../src/bot/ports.ts';
import { createCommandRegistry } from '../../src/commands.ts';
import type { Database } from '../../src/db/database.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Message } from '../../src/messages/message.ts';

/** A platform directory that knows a fixed set of people (what users.info would answer). */
export function staticDirectory(people: readonly PlatformProfile[]): Directory {
  return { lookupUser: async (_ws, userId) => people.find((p) => p.userId === userId) };
}

export const person = (userId: string, displayName: string, extra: Partial<PlatformProfile> = {}): PlatformProfile => ({
  userId,
  displayName,
  isPlatformAdmin: false,
  ...extra,
});

export interface TestCore {
  core: Inbound;
  clock: ReturnType<typeof fixedClock>;
  /** Runs a command as a user and returns the reply. */
  command(userId: string, command: string, text: string, deliveryId?: string): Promise<CommandReply>;
  /** Runs a command and returns its reply as plain text (the shared fallback). */
  say(userId: string, command: string, text: string): Promise<string>;
}

export const replyMessage = (reply: CommandReply): Message => (reply.kind === 'message' ? reply.message : reply.fallback);

/** The real core with the real registry on a real database; only the platform's directory is a double. */
export function createTestCore(
  db: Kysely<Database>,
  people: readonly PlatformProfile[],
  options: { at?: Date; workspace?: WorkspaceRef; effects?: EffectSink } = {},
): TestCore {
  const clock = fixedClock(options.at ?? new Date('2026-11-18T10:00:00Z'));
  const workspace = options.workspace ?? { platform: 'slack', externalId: 'T1', name: 'Acme Sales' };
  const core = createCore({
    db,
    registry: createCommandRegistry(),
    directory: staticDirectory(people),
    clock,
    logger: createLogger({ level: 'silent' }),
    ...(options.effects && { effects: options.effects }),
  });
  const command = (userId: string, name: string, text: string, deliveryId?: string): Promise<CommandReply> =>
    core.handleCommand({ workspace, userId, command: name, text, ...(deliveryId && { deliveryId }) });
  return {
    core,
    clock,
    command,
    say: async (userId, name, text) => fallbackText(replyMessage(await command(userId, name, text))),
  };
}
