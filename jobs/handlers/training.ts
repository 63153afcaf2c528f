import { decideReminder, doneReminders } from '../../src/domain/training/training.reminders.ts';
import { conversationRef, deliverOnce } from '../deliver.ts';
import { schedulerId } from '../schedulers.ts';
import type { JobDeps, JobRun, Outcome } from './context.ts';

/**
 * A reminder is due (its scheduler fired, or a moved reminder's day came): the domain decides what
 * happens, this only carries it out: remove a finished scheduler, move the reminder to a later
 * working day, or DM the rep once per occurrence.
 */
export async function remind(deps: JobDeps, run: JobRun, assignmentId: number, nominal?: string): Promise<Outcome> {
  const decision = await decideReminder(deps.db, assignmentId, deps.clock.now(), nominal);
  switch (decision.kind) {
    case 'ended':
      await deps.schedulers.remove(schedulerId.training(assignmentId));
      return 'ended';
    case 'none':
      return `none: ${decision.reason}`;
    case 'later':
      await deps.enqueueAt('training.remind', { assignmentId, nominal: decision.nominal }, decision.at, `remind:${assignmentId}:${decision.nominal}`);
      return `moved to ${decision.at.toISOString()}`;
    case 'send': {
      const key = { kind: 'training.reminder', recipient: `member:${decision.member.id}`, period: `${assignmentId}:${decision.nominal}` };
      return deliverOnce(deps, run, decision.workspace, key, { kind: 'direct', userId: decision.member.external_id }, decision.message);
    }
  }
}

/** A cycle done by command: each reminder of that cycle is updated in place to its done state. */
export async function markRemindersDone(deps: JobDeps, assignmentId: number, cycleStart: string): Promise<Outcome> {
  const reminders = await doneReminders(deps.db, assignmentId, cycleStart);
  for (const reminder of reminders) {
    const conversation = await conversationRef(deps, reminder.workspace, reminder.conversationId, 'direct');
    await deps.outbound.update({ conversation, messageId: reminder.messageId }, reminder.message);
  }
  return `updated ${reminders.length}`;
}
