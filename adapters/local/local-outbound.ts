import { copyFile, mkdir, open } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { PacerFault } from '../../src/bot/errors.ts';
import type { Outbound, PostedRef } from '../../src/bot/ports.ts';
import { fallbackText } from '../../src/messages/fallback.ts';

export interface LocalOutboundOptions {
  /** Where files sent to someone (CSV exports) are saved; without it, files cannot be sent. */
  exportDir?: string;
}

/**
 * Posts of the embedded default land in the terminal: a reminder or a goal update prints between
 * prompts as it would arrive in Slack or Teams, marked with where it went. A file (a CSV export) is
 * saved under the export directory, by its own name (a newer export of the same range replaces the
 * older), and its path printed under the message. A file sent to Pacer (`/send <path>`) is read from its path.
 */
export function localOutbound(write: (text: string) => void, options: LocalOutboundOptions = {}): Outbound {
  let sequence = 0;
  const print = (where: string, text: string): PostedRef['messageId'] => {
    sequence += 1;
    write(`\n── Pacer → ${where} ──\n${text}\n`);
    return String(sequence);
  };
  const whereOf = (conversationId: string): string => (conversationId.startsWith('dm:') ? `direct message to ${conversationId.slice(3)}` : `#${conversationId}`);
  const { exportDir } = options;
  return {
    async post(to, message) {
      return { conversation: to, messageId: print(whereOf(to.conversationId), fallbackText(message)) };
    },
    async update(ref, message) {
      print(`update of message ${ref.messageId}`, fallbackText(message));
    },
    /** A file "sent" with `/send <path>` in the terminal chat is read from that path. */
    async openFile(_workspace, file) {
      try {
        return (await open(file.ref)).createReadStream();
      } catch (error) {
        throw new PacerFault('gone', `No file to read at ${file.ref}`, { cause: error });
      }
    },
    async openDirect(workspace, userId) {
      return { platform: workspace.platform, workspaceExternalId: workspace.externalId, conversationId: `dm:${userId}`, kind: 'direct' };
    },
    ...(exportDir !== undefined && {
      async sendFile(to, file, message) {
        await mkdir(exportDir, { recursive: true });
        // The name is Pacer's own (`deals-2026-Q3.csv`); basename keeps it inside the directory regardless.
        const saved = resolve(join(exportDir, basename(file.name)));
        await copyFile(file.path, saved);
        return { conversation: to, messageId: print(whereOf(to.conversationId), `${fallbackText(message)}\nSaved to ${saved}`) };
      },
    }),
  };
}
