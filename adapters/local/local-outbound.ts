import type { Outbound, PostedRef } from '../../src/bot/ports.ts';
import { fallbackText } from '../../src/messages/fallback.ts';

/**
 * Posts of the embedded default land in the terminal: a reminder or a goal update prints between
 * prompts as it would arrive in Slack or Teams, marked with where it went.
 */
export function localOutbound(write: (text: string) => void): Outbound {
  let sequence = 0;
  const print = (where: string, text: string): PostedRef['messageId'] => {
    sequence += 1;
    write(`\n── Pacer → ${where} ──\n${text}\n`);
    return String(sequence);
  };
  return {
    async post(to, message) {
      const where = to.conversationId.startsWith('dm:') ? `direct message to ${to.conversationId.slice(3)}` : `#${to.conversationId}`;
      return { conversation: to, messageId: print(where, fallbackText(message)) };
    },
    async update(ref, message) {
      print(`update of message ${ref.messageId}`, fallbackText(message));
    },
    async openDirect(workspace, userId) {
      return { platform: workspace.platform, workspaceExternalId: workspace.externalId, conversationId: `dm:${userId}`, kind: 'direct' };
    },
  };
}
