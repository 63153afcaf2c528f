import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import type { Block, Message } from '../../messages/message.ts';
import type { Schedule } from './cadence.ts';
import type { ModuleWithCount } from './training.repository.ts';
import type { CycleStatus } from './training.status.ts';
import { clockTime, DONE_ACTION, doneValue, EXAMPLES } from './training.ts';

/** How many names a reply lists before it says "and N others". */
const MAX_NAMES = 8;

/** "Alice", "Alice and Bob", "Alice, Bob and Carol", "Alice, …, Hank and 4 others". */
export function nameList(names: readonly string[], t: Translate): string {
  const shown = names.slice(0, MAX_NAMES);
  const rest = names.length - shown.length;
  const items = rest > 0 ? [...shown, t('training.others', { count: rest })] : shown;
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${t('training.and')} ${items.at(-1) ?? ''}`;
}

/** "every Monday at 09:00", "every 2 weeks on Monday at 09:00", "once, due by Tue, Dec 15". */
export function cadenceText(s: Schedule, t: Translate, fmt: Formats): string {
  const time = clockTime(s.minute);
  switch (s.cadence) {
    case 'daily':
      return t('training.cadence.daily', { time });
    case 'monthly':
      return t('training.cadence.monthly', { time });
    case 'once':
      return t('training.cadence.once', { date: s.dueOn ? fmt.date(s.dueOn) : '' });
    case 'weekly': {
      const weekday = s.weekday ?? 1;
      const every = s.everyWeeks ?? 1;
      if (every === 1) return t(`training.cadence.weekly.${weekday}`, { time });
      return t('training.cadence.every_weeks', { count: every, on: t(`training.weekday_on.${weekday}`), time });
    }
  }
}

/** "✓ Done for this cycle", "Due by Sun, Nov 22", "Overdue: …". */
export function statusText(status: CycleStatus, once: boolean, t: Translate, fmt: Formats): string {
  if (status.kind === 'done') return t('training.status.done');
  if (status.kind === 'overdue') return t(once ? 'training.status.overdue_once' : 'training.status.overdue', { date: fmt.date(status.since) });
  return status.by ? t('training.status.due_by', { date: fmt.date(status.by) }) : t('training.status.due');
}

/** "Next reminder: Mon, Nov 23 at 09:00". */
export function nextReminderText(day: string | undefined, minute: number, t: Translate, fmt: Formats): string {
  return day ? t('training.next', { date: fmt.date(day), time: clockTime(minute) }) : t('training.no_next');
}

export interface TrainingItem {
  name: string;
  url: string | null;
  schedule: Schedule;
  status: CycleStatus;
  /** The local day of the next reminder, if any is still to come. */
  next?: string;
}

/** What `/training` shows: each live assignment with its link, cadence, next reminder and where this cycle stands. */
export function trainingListMessage(items: readonly TrainingItem[], t: Translate, fmt: Formats): Message {
  if (items.length === 0) {
    return { title: t('training.title'), blocks: [{ type: 'text', text: t('training.none') }, { type: 'context', text: t('common.example', { example: EXAMPLES.assign }) }] };
  }
  const blocks = items.flatMap((item): Block[] => [
    { type: 'text', text: item.name, tone: 'strong' },
    ...(item.url ? [{ type: 'text' as const, text: item.url }] : []),
    { type: 'text', text: statusText(item.status, item.schedule.cadence === 'once', t, fmt) },
    { type: 'context', text: `${cadenceText(item.schedule, t, fmt)} · ${nextReminderText(item.next, item.schedule.minute, t, fmt)}` },
  ]);
  return { title: t('training.title'), blocks };
}

/** The answer to `/training add`: added, its link changed, or nothing to change; then how to assign it. */
export function moduleSavedMessage(saved: { name: string; url: string | null; created: boolean; previousUrl: string | null }, t: Translate): Message {
  const headline = saved.created
    ? t('training.added', { name: saved.name })
    : saved.url && saved.url !== saved.previousUrl
      ? t('training.updated', { name: saved.name, url: saved.url })
      : t('training.unchanged', { name: saved.name });
  const blocks: Block[] = [{ type: 'text', text: headline }];
  if (saved.created && saved.url) blocks.push({ type: 'text', text: t('training.link', { url: saved.url }) });
  blocks.push({ type: 'context', text: t('training.assign_next', { example: `/training assign "${saved.name}" @alice every monday 9:00` }) });
  return { blocks };
}

export interface AssignedView {
  module: string;
  schedule: Schedule;
  names: string[];
  replaced: string[];
  team?: string;
  /** The first reminder's local day when one rep was named. */
  firstReminder?: string;
}

export function assignedMessage(view: AssignedView, t: Translate, fmt: Formats): Message {
  const params = { module: view.module, who: nameList(view.names, t), schedule: cadenceText(view.schedule, t, fmt) };
  const blocks: Block[] = [{ type: 'text', text: view.team ? t('training.assigned_team', { ...params, team: view.team }) : t('training.assigned', params) }];
  if (view.replaced.length > 0) blocks.push({ type: 'text', text: t('training.replaced', { who: nameList(view.replaced, t) }) });
  if (view.names.length === 1 && view.firstReminder) {
    blocks.push({ type: 'text', text: t('training.first_reminder', { date: fmt.date(view.firstReminder), time: clockTime(view.schedule.minute) }) });
  }
  blocks.push({ type: 'context', text: t('training.reminders_note') });
  return { blocks };
}

export function unassignedMessage(view: { module: string; names: string[]; missing: string[] }, t: Translate): Message {
  const blocks: Block[] = [{ type: 'text', text: t('training.unassigned', { module: view.module, who: nameList(view.names, t) }) }];
  if (view.missing.length > 0) blocks.push({ type: 'context', text: t('training.unassigned_missing', { who: nameList(view.missing, t) }) });
  return { blocks };
}

/** The answer to `/training done`. */
export function doneMessage(view: { module: string; outcome: 'done' | 'finished' | 'already'; next?: string; minute: number }, t: Translate, fmt: Formats): Message {
  const key = view.outcome === 'already' ? 'training.already_done' : view.outcome === 'finished' ? 'training.done_once' : 'training.done';
  const blocks: Block[] = [{ type: 'text', text: t(key, { module: view.module }) }];
  if (view.outcome !== 'finished' && view.next) blocks.push({ type: 'context', text: nextReminderText(view.next, view.minute, t, fmt) });
  return { blocks };
}

/** What `/training modules` shows: each module, its link and how many reps have it. */
export function modulesMessage(modules: readonly ModuleWithCount[], t: Translate, fmt: Formats): Message {
  if (modules.length === 0) {
    return { title: t('training.modules.title'), blocks: [{ type: 'text', text: t('training.modules.none') }, { type: 'context', text: t('common.example', { example: EXAMPLES.add }) }] };
  }
  return {
    title: t('training.modules.title'),
    blocks: [{
      type: 'rows',
      columns: [t('training.modules.name'), t('training.modules.link'), t('training.modules.reps')],
      rows: modules.map((m) => [m.name, m.url ?? '—', fmt.number(m.reps)]),
    }],
  };
}

export interface ReminderInput {
  assignmentId: number;
  /** The cycle the reminder is for: what its Done button completes. */
  cycleStart: string;
  moduleName: string;
  url: string | null;
  /** The cycle's last day (the due day of a one-off), if it has one. */
  dueBy?: string;
}

function reminderHead(input: ReminderInput, t: Translate): Block[] {
  return [
    { type: 'text', text: t('training.reminder.body', { module: input.moduleName }), tone: 'strong' },
    ...(input.url ? [{ type: 'text' as const, text: input.url }] : []),
  ];
}

/** The reminder a rep gets: the module, its link, when it is due, and a Done button for this cycle. */
export function trainingReminderMessage(input: ReminderInput, t: Translate, fmt: Formats): Message {
  const blocks = reminderHead(input, t);
  if (input.dueBy) blocks.push({ type: 'text', text: t('training.status.due_by', { date: fmt.date(input.dueBy) }) });
  blocks.push({ type: 'context', text: t('training.reminder.hint') });
  blocks.push({ type: 'actions', buttons: [{ actionId: DONE_ACTION, label: t('training.done_button'), value: doneValue(input.assignmentId, input.cycleStart), style: 'primary' }] });
  return { title: t('training.reminder.title'), blocks, visibility: 'public' };
}

/** The same reminder once done (the Done button's answer, shown in its place): no button, and when it was recorded. */
export function trainingReminderDoneMessage(input: ReminderInput, recordedOn: string, t: Translate, fmt: Formats): Message {
  const blocks = reminderHead(input, t);
  blocks.push({ type: 'text', text: t('training.reminder.done', { date: fmt.date(recordedOn) }) });
  return { title: t('training.reminder.title'), blocks, visibility: 'public' };
}
