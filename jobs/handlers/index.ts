import type { PacerJob } from '../payloads.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';
import { postDigests } from './digest.ts';
import { sendExport } from './export.ts';
import { importFile } from './import.ts';
import { postGoalUpdates, workspaceById } from './goals.ts';
import { preview } from './preview.ts';
import { postWhatWorks } from './what-works.ts';
import { postKudos } from './kudos.ts';
import { maintain } from './maintenance.ts';
import { postWinners } from './recognition.ts';
import { markRemindersDone, remind } from './training.ts';

/** Runs one job: each name has its handler, and the compiler checks every name has one. */
export async function runJob(deps: JobDeps, run: JobRun, job: PacerJob): Promise<Outcome> {
  switch (job.name) {
    case 'training.tick':
      return remind(deps, run, job.data.assignmentId);
    case 'training.remind':
      return remind(deps, run, job.data.assignmentId, job.data.nominal);
    case 'training.completed':
      return markRemindersDone(deps, job.data.assignmentId, job.data.cycleStart);
    case 'training.sync':
      await deps.schedulers.syncAssignments(job.data.assignmentIds);
      return `synced ${job.data.assignmentIds.length}`;
    case 'goals.weekly':
      return postGoalUpdates(deps, run, job.data.workspaceId);
    case 'goals.changed':
      return postGoalUpdates(deps, run, job.data.workspaceId, { goalId: job.data.goalId });
    case 'digest.weekly': {
      const workspace = await workspaceById(deps, job.data.workspaceId);
      return workspace ? postDigests(deps, run, workspace) : 'workspace gone';
    }
    case 'whatworks.weekly': {
      const workspace = await workspaceById(deps, job.data.workspaceId);
      return workspace ? postWhatWorks(deps, run, workspace) : 'workspace gone';
    }
    case 'kudos.post':
      return postKudos(deps, run, job.data.kudosId);
    case 'recognition.winners': {
      const workspace = await workspaceById(deps, job.data.workspaceId);
      return workspace ? postWinners(deps, run, workspace) : 'workspace gone';
    }
    case 'preview':
      return preview(deps, run, job.data);
    case 'export.file':
      return sendExport(deps, run, job.data);
    case 'import.file':
      return importFile(deps, run, job.data);
    case 'schedules.reconcile': {
      const { declared, changed, removed } = await deps.schedulers.reconcile();
      return `schedulers ${declared} declared, ${changed} changed, ${removed} removed`;
    }
    case 'maintenance':
      return maintain(deps);
  }
}
