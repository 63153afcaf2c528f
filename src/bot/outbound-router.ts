import { PacerFault } from './errors.ts';
import type { Outbound, Platform } from './ports.ts';

/**
 * One `Outbound` over each platform's own: a post goes to the adapter of the conversation's platform.
 * A platform that is not configured here fails as a configuration fault (a retry will not help).
 */
export function routeOutbound(byPlatform: Partial<Record<Platform, Outbound>>): Outbound {
  const pick = (platform: Platform): Outbound => {
    const outbound = byPlatform[platform];
    if (!outbound) throw new PacerFault('config', `No outbound configured for ${platform}`);
    return outbound;
  };
  return {
    post: (to, message) => pick(to.platform).post(to, message),
    update: (ref, message) => pick(ref.conversation.platform).update(ref, message),
    openDirect: (workspace, userId) => pick(workspace.platform).openDirect(workspace, userId),
  };
}
