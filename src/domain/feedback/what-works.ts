import type { Db } from '../../db/database.ts';
import type { Workspace } from '../workspaces/workspace.table.ts';
import type { PostRef } from './feedback.ts';
import { latestFeedback, teamName, topProducts, topTechniques, type FeedbackItem, type ProductSales } from './feedback.repository.ts';

export { whatWorksMessage } from './what-works.views.ts';

/** How many products, techniques and customer quotes the post shows: a short read on a phone. */
export const WHAT_WORKS_SIZE = 5;

export interface WhatWorksInput {
  workspace: Workspace;
  /** null: the whole workspace. */
  teamId: number | null;
  /** [from, to) instants. */
  from: Date;
  to: Date;
}

/** What the weekly "what works" post shows. */
export interface WhatWorks {
  /** The window and team asked for: each +1 button carries it, so a click can build this post again. */
  post: PostRef;
  /** The workspace's zone, for the days shown. */
  zone: string;
  teamName?: string;
  /** Products by won amount, then number of deals (deals not lost, won in the window). */
  products: ProductSales[];
  /** Techniques written in the window, by +1s then newest, with their deals. */
  techniques: FeedbackItem[];
  /** Customer feedback written in the window, newest first. */
  customer: FeedbackItem[];
}

/**
 * The data of the "what works" post for a window, in the workspace or one team (deals and feedback
 * counted in the team their rep was in at the time). The job that posts it and the +1 button that
 * re-renders it both call this, so the post a click leaves behind is the post the job would make now.
 */
export async function whatWorks(db: Db, input: WhatWorksInput): Promise<WhatWorks> {
  const { workspace, teamId, from, to } = input;
  const window = { workspaceId: workspace.id, from, to, teamId, limit: WHAT_WORKS_SIZE };
  const [products, techniques, customer, team] = await Promise.all([
    topProducts(db, window),
    topTechniques(db, window),
    latestFeedback(db, { ...window, kind: 'customer' }),
    teamId === null ? undefined : teamName(db, workspace.id, teamId),
  ]);
  return { post: { from, to, teamId }, zone: workspace.timezone, ...(team !== undefined && { teamName: team }), products, techniques, customer };
}
