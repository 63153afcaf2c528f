import { PacerFault } from './errors.ts';
import type { ConversationRef, Outbound, Platform } from './ports.ts';

/** How many 1:1 conversations are remembered: the people a worker reminds in a day. */
const MAX_DIRECTS = 20_000;

/**
 * One `Outbound` over each platform's own: a post goes to the adapter of the conversation's platform.
 * A platform that is not configured here fails as a configuration fault (a retry will not help).
 * A person's 1:1 conversation with the bot never changes, so it is opened once and remembered (5,000
 * reminders at 09:00 would otherwise cost 5,000 extra platform calls).
 */
export function routeOutbound(byPlatform: Partial<Record<Platform, Outbound>>): Outbound {
  const pick = (platform: Platform): Outbound => {
    const outbound = byPlatform[platform];
    if (!outbound) throw new PacerFault('config', `No outbound configured for ${platform}`);
    return outbound;
  };
  const directs = new Map<string, ConversationRef>();
  return {
    post: (to, message) => pick(to.platform).post(to, message),
    update: (ref, message) => pick(ref.conversation.platform).update(ref, message),
    async prepareFile(workspace, file) {
      const outbound = pick(workspace.platform);
      return outbound.prepareFile ? outbound.prepareFile(workspace, file) : file;
    },
    async sendFile(to, file, message) {
      const outbound = pick(to.platform);
      if (!outbound.sendFile) throw new PacerFault('config', `No way to send files configured for ${to.platform}`);
      return outbound.sendFile(to, file, message);
    },
    async openFile(workspace, file) {
      const outbound = pick(workspace.platform);
      if (!outbound.openFile) throw new PacerFault('config', `No way to read files sent on ${workspace.platform}`);
      return outbound.openFile(workspace, file);
    },
    async findUserByEmail(workspace, email) {
      const outbound = pick(workspace.platform);
      return outbound.findUserByEmail ? outbound.findUserByEmail(workspace, email) : undefined;
    },
    async openDirect(workspace, userId) {
      const key = `${workspace.platform}\u0000${workspace.externalId}\u0000${userId}`;
      const known = directs.get(key);
      if (known) return known;
      const opened = await pick(workspace.platform).openDirect(workspace, userId);
      if (directs.size >= MAX_DIRECTS) directs.delete(directs.keys().next().value ?? '');
      directs.set(key, opened);
      return opened;
    },
  };
}
