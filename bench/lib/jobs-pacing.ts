import type { JobRuntime } from '../../jobs/runtime.ts';
import type { FakeSlack } from '../../test/helpers/fake-slack.ts';
import type { PostRecord, WorkerTally } from './jobs-recording.ts';
import type { JobsSeedResult } from './jobs-seed.ts';
import { perSecond, spread, type JobsBenchResults } from './jobs-results.ts';
import type { JobsSettings } from './jobs-settings.ts';
import { until } from './jobs-waiting.ts';

/** The jobs benchmark's pacing phase: goal updates into several channels at once, and how each channel's posts were spaced. */

export interface PacingRun {
  settings: JobsSettings;
  runtime: JobRuntime;
  /** The seeded workspace and its goals, one channel each. */
  seed: Pick<JobsSeedResult, 'workspaceId' | 'goalChannels'>;
  posts: PostRecord[];
  tally: WorkerTally;
  fake: FakeSlack;
}

/** Per channel: accepted posts, refusals, and the gaps between accepted posts; and for every refusal, how soon after the channel's previous accepted post it was sent. */
function channelPacing(attemptsFrom: readonly PostRecord[]): Pick<JobsBenchResults['pacing'], 'perChannel'> & { refusedGaps: number[]; firstRefusedGaps: number[] } {
  const byChannel = new Map<string, PostRecord[]>();
  for (const p of attemptsFrom) byChannel.set(p.conversationId, [...(byChannel.get(p.conversationId) ?? []), p]);
  // For each refused attempt: how long after the channel's previous accepted post it was sent.
  const refusedGaps: number[] = [];
  const firstRefusedGaps: number[] = [];
  const perChannel = [...byChannel].sort(([a], [b]) => a.localeCompare(b)).map(([channel, attempts]) => {
    const ordered = attempts.sort((a, b) => a.sentAt - b.sentAt);
    let lastOk: number | undefined;
    let refusedBefore = false;
    for (const attempt of ordered) {
      if (!attempt.ok && lastOk !== undefined) {
        refusedGaps.push(attempt.sentAt - lastOk);
        if (!refusedBefore) firstRefusedGaps.push(attempt.sentAt - lastOk);
      }
      if (!attempt.ok) refusedBefore = true;
      if (attempt.ok) lastOk = attempt.sentAt;
    }
    const sorted = ordered.filter((a) => a.ok).map((a) => a.sentAt);
    const gaps = sorted.slice(1).map((t, i) => t - (sorted[i] ?? t));
    const spanMs = (sorted.at(-1) ?? 0) - (sorted[0] ?? 0);
    return {
      channel,
      posts: sorted.length,
      refused: ordered.length - sorted.length,
      spanMs,
      rate: perSecond(sorted.length - 1, spanMs),
      minGapMs: Math.min(...gaps),
      medianGapMs: spread(gaps).p50,
    };
  });
  return { perChannel, refusedGaps, firstRefusedGaps };
}

/** Adds every goals channel's goal updates at once and waits until all of them have posted (or failed for good). */
export async function measurePacing(run: PacingRun): Promise<JobsBenchResults['pacing']> {
  const { settings: S, runtime, posts, tally, fake } = run;
  const paceJobs = S.paceChannels * S.pacePostsPerChannel;
  const rateLimitedBefore = fake.rateLimitedCount;
  const paceFrom = posts.length;
  tally.paceFinished = until(() => tally.paceDone + tally.paceFailed >= paceJobs, `${paceJobs} goal updates`);
  const paceStarted = performance.now();
  await Promise.all(
    [...run.seed.goalChannels.keys()].flatMap((goalId) =>
      Array.from({ length: S.pacePostsPerChannel }, (_, i) => runtime.add('goals.changed', { workspaceId: run.seed.workspaceId, goalId }, { jobId: `bench-pace-${goalId}-${i}` })),
    ),
  );
  await tally.paceFinished.wait(30_000 + S.pacePostsPerChannel * S.postIntervalMs * 2);
  const paceAttempts = posts.slice(paceFrom);
  const pacePosts = paceAttempts.filter((p) => p.ok);
  const { perChannel, refusedGaps, firstRefusedGaps } = channelPacing(paceAttempts);
  return {
    channels: S.paceChannels,
    postsPerChannel: S.pacePostsPerChannel,
    jobs: paceJobs,
    completed: tally.paceDone,
    failed: tally.paceFailed,
    posted: pacePosts.length,
    wallMs: Math.max(...pacePosts.map((p) => p.doneAt)) - paceStarted,
    aggregateRate: perSecond(pacePosts.length, Math.max(...pacePosts.map((p) => p.doneAt)) - paceStarted),
    perChannel,
    delays: [...tally.paceIds].reduce((sum, id) => sum + (tally.activations.get(id) ?? 1) - 1, 0),
    rateLimited: fake.rateLimitedCount - rateLimitedBefore,
    refusedGaps: spread(refusedGaps),
    firstRefusedGaps: spread(firstRefusedGaps),
  };
}
