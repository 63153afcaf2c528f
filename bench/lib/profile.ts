import type { Kysely } from 'kysely';
import { normalizeCommandText } from '../../adapters/slack/parse.ts';
import { systemClock } from '../../src/bot/clock.ts';
import { createCore } from '../../src/bot/core.ts';
import { createLogger } from '../../src/bot/logger.ts';
import type { CommandReply, Inbound } from '../../src/bot/ports.ts';
import { createCommandRegistry } from '../../src/commands.ts';
import type { Database } from '../../src/db/database.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import { captureQueries, explainAnalyze, summarizeSql, type CapturedQuery, type Plan } from './query-capture.ts';

/**
 * Where a command's time goes, without load: the real core and registry run in this process on a
 * capturing connection to the bench database, one command at a time, and every query it sends is
 * timed. What is left of a command's time after its queries is BEGIN/COMMIT (the commit waits for
 * the WAL flush) and JavaScript.
 */

export interface QueryShape {
  sql: string;
  /** How many times one command runs it, on average. */
  perCommand: number;
  meanMs: number;
}

export interface CommandProfile {
  command: string;
  runs: number;
  /** handleCommand from call to reply, mean. */
  meanTotalMs: number;
  /** Sum of the queries' round trips per command, mean. */
  meanQueriesMs: number;
  meanQueryCount: number;
  shapes: QueryShape[];
  /** The reply of the last run, as plain text (so a broken command shows). */
  lastReply: string;
}

export interface Profiler {
  profile(command: string, runs: number, make: (i: number) => { userId: string; text: string }): Promise<CommandProfile>;
  /** Runs the command once and EXPLAIN ANALYZEs each of its reads of `deals` (or their monthly totals). */
  explainDeals(command: string, userId: string, text: string): Promise<{ query: CapturedQuery; plan: Plan }[]>;
}

export function createProfiler(db: Kysely<Database>, teamId: string, runId: string): Profiler {
  const capture = captureQueries(db);
  const core: Inbound = createCore({
    db: capture.db,
    registry: createCommandRegistry(),
    // Every bench rep's profile was synced at seed time, so the platform is never asked.
    directory: { lookupUser: async () => undefined },
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
  });
  let delivery = 0;
  const run = (command: string, userId: string, text: string): Promise<CommandReply> => {
    delivery += 1;
    return core.handleCommand({
      workspace: { platform: 'slack', externalId: teamId, name: 'benchco' },
      userId,
      conversation: { platform: 'slack', workspaceExternalId: teamId, conversationId: 'CBENCH01' },
      deliveryId: `${runId}.profile.${delivery}`,
      command,
      text: normalizeCommandText(text),
    });
  };
  const replyText = (reply: CommandReply): string => fallbackText(reply.kind === 'message' ? reply.message : reply.fallback);

  return {
    async profile(command, runs, make) {
      capture.take();
      const shapes = new Map<string, { count: number; totalMs: number }>();
      let totalMs = 0;
      let queriesMs = 0;
      let queryCount = 0;
      let lastReply = '';
      for (let i = 0; i < runs; i += 1) {
        const { userId, text } = make(i);
        const started = performance.now();
        const reply = await run(command, userId, text);
        totalMs += performance.now() - started;
        lastReply = replyText(reply);
        for (const query of capture.take()) {
          queryCount += 1;
          queriesMs += query.durationMs;
          const shape = shapes.get(query.sql) ?? { count: 0, totalMs: 0 };
          shape.count += 1;
          shape.totalMs += query.durationMs;
          shapes.set(query.sql, shape);
        }
      }
      return {
        command,
        runs,
        meanTotalMs: totalMs / runs,
        meanQueriesMs: queriesMs / runs,
        meanQueryCount: queryCount / runs,
        shapes: [...shapes].map(([sql, s]) => ({ sql: summarizeSql(sql), perCommand: s.count / runs, meanMs: s.totalMs / s.count })),
        lastReply,
      };
    },

    async explainDeals(command, userId, text) {
      capture.take();
      await run(command, userId, text);
      // Reads of the deals or of their monthly totals, built by kysely (`from "deals"`) or as SQL (`from deals`).
      const reads = capture.take().filter((q) => /\bfrom\s+"?(deals|deal_month_totals)"?(\s|$)/i.test(q.sql) && /^\s*(with|select)\b/i.test(q.sql));
      const explained: { query: CapturedQuery; plan: Plan }[] = [];
      for (const query of reads) explained.push({ query, plan: await explainAnalyze(db, query) });
      return explained;
    },
  };
}
