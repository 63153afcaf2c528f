import type { JobPayloads } from '../payloads.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';
import { previewDigests } from './digest.ts';
import { previewGoals, workspaceById } from './goals.ts';
import { previewWinners } from './recognition.ts';
import { previewWhatWorks } from './what-works.ts';

/** An admin asked for a scheduled post now: built as the schedule would, sent to their DM. */
export async function preview(deps: JobDeps, run: JobRun, data: JobPayloads['preview']): Promise<Outcome> {
  const workspace = await workspaceById(deps, data.workspaceId);
  const member = await deps.db.selectFrom('members').select(['id', 'external_id']).where('id', '=', data.memberId).where('workspace_id', '=', data.workspaceId).executeTakeFirst();
  if (!workspace || !member) return 'gone';
  switch (data.post) {
    case 'goals':
      return previewGoals(deps, run, workspace, member);
    case 'digest':
      return previewDigests(deps, run, workspace, member);
    case 'what-works':
      return previewWhatWorks(deps, run, workspace, member);
    case 'winners':
      return previewWinners(deps, run, workspace, member);
  }
}
