import type { Db } from '../../db/database.ts';
import { countByKind, latestPerKind, type FeedbackItem } from './feedback.repository.ts';
import type { FeedbackKind } from './feedback.table.ts';

/**
 * How much of each kind was written in [from, to), in the workspace or, given a team, by that team's
 * reps (their team when they wrote it): what the weekly digest counts.
 */
export async function feedbackCounts(db: Db, workspaceId: number, from: Date, to: Date, teamId?: number | null): Promise<Record<FeedbackKind, number>> {
  return countByKind(db, { workspaceId, from, to, teamId: teamId ?? null });
}

/** The newest `limit` items of each kind in [from, to), newest first, with author, deal and +1s: what the digest quotes. */
export async function feedbackHighlights(
  db: Db,
  workspaceId: number,
  from: Date,
  to: Date,
  teamId?: number | null,
  limit = 3,
): Promise<Record<FeedbackKind, FeedbackItem[]>> {
  const highlights: Record<FeedbackKind, FeedbackItem[]> = { customer: [], product: [], technique: [] };
  for (const item of await latestPerKind(db, { workspaceId, from, to, teamId: teamId ?? null, limit })) highlights[item.kind].push(item);
  return highlights;
}
