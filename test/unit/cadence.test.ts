import { describe, expect, it } from 'vitest';
import { cronPattern, cycleStart, isNominalDay, nextNominalDay, nextReminderDay, reminderDay, type Schedule } from '../../src/domain/training/cadence.ts';
import { cycleEnd, cycleStatus, nextReminder, previousCycle } from '../../src/domain/training/training.status.ts';
import { clockTime, minuteOfDay, parseDoneValue } from '../../src/domain/training/training.ts';
import { addDays, isoWeekOf, isoWeekday, mondayOf, nextWorkingDay, previousWorkingDay, workCalendar } from '../../src/time/calendar.ts';

const NINE = 9 * 60;
const weekly = (startsOn: string, weekday = 1, everyWeeks = 1): Schedule => ({ cadence: 'weekly', weekday, everyWeeks, minute: NINE, startsOn });
const daily = (startsOn: string): Schedule => ({ cadence: 'daily', minute: NINE, startsOn });
const monthly = (startsOn: string): Schedule => ({ cadence: 'monthly', minute: NINE, startsOn });
const once = (startsOn: string, dueOn: string): Schedule => ({ cadence: 'once', dueOn, minute: NINE, startsOn });

const weekendsOnly = workCalendar();
const slovenia = workCalendar({ holidayCountry: 'SI' });
const never = (): boolean => false;

describe('calendar', () => {
  it('counts ISO weekdays and adds days across months and years', () => {
    expect(isoWeekday('2026-11-16')).toBe(1);
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('knows Slovenian public holidays: Christmas, Independence Day, Easter Monday, Prešeren Day', () => {
    expect(slovenia.isWorkingDay('2026-12-24')).toBe(true);
    expect(slovenia.isWorkingDay('2026-12-25')).toBe(false);
    expect(slovenia.isWorkingDay('2026-12-26')).toBe(false);
    expect(slovenia.isWorkingDay('2026-12-28')).toBe(true);
    expect(slovenia.isWorkingDay('2026-04-06')).toBe(false);
    expect(slovenia.isWorkingDay('2027-02-08')).toBe(false);
    // Without a country only weekends are off.
    expect(weekendsOnly.isWorkingDay('2026-12-25')).toBe(true);
    expect(weekendsOnly.isWorkingDay('2026-12-26')).toBe(false);
  });

  it('keeps a rep out of office through their last day away, inclusive', () => {
    const away = workCalendar({ holidayCountry: 'SI', awayUntil: '2026-11-20' });
    expect(away.isWorkingDay('2026-11-18')).toBe(false);
    expect(away.isWorkingDay('2026-11-20')).toBe(false);
    expect(away.isWorkingDay('2026-11-23')).toBe(true);
    expect(nextWorkingDay(away, '2026-11-18')).toBe('2026-11-23');
    expect(previousWorkingDay(slovenia, '2026-12-27')).toBe('2026-12-24');
  });
});

describe('cronPattern', () => {
  it('fires on the cadence nominal days at the reminder time, in cron weekdays (Sunday 0)', () => {
    expect(cronPattern(weekly('2026-11-18'))).toBe('0 9 * * 1');
    expect(cronPattern(weekly('2026-11-18', 7, 2))).toBe('0 9 * * 0');
    expect(cronPattern({ ...monthly('2026-11-18'), minute: 8 * 60 + 30 })).toBe('30 8 1 * *');
    expect(cronPattern({ ...daily('2026-11-18'), minute: 14 * 60 + 5 })).toBe('5 14 * * *');
    expect(cronPattern(once('2026-11-18', '2026-12-15'))).toBe('0 9 * * *');
  });
});

describe('nominal days', () => {
  it('weekly: the weekday, from the start on', () => {
    const s = weekly('2026-11-18');
    expect(isNominalDay(s, '2026-11-16')).toBe(false);
    expect(isNominalDay(s, '2026-11-23')).toBe(true);
    expect(isNominalDay(s, '2026-11-24')).toBe(false);
    expect(nextNominalDay(s, '2026-11-18')).toBe('2026-11-23');
    expect(nextNominalDay(s, '2026-11-23')).toBe('2026-11-30');
  });

  it('every 2 weeks: counted from the week of the start, so the odd weeks are skipped', () => {
    const s = weekly('2026-11-18', 1, 2);
    expect(isNominalDay(s, '2026-11-23')).toBe(false);
    expect(isNominalDay(s, '2026-11-30')).toBe(true);
    expect(isNominalDay(s, '2026-12-07')).toBe(false);
    expect(isNominalDay(s, '2026-12-14')).toBe(true);
    expect(nextNominalDay(s, '2026-11-18')).toBe('2026-11-30');
    expect(nextNominalDay(s, '2026-11-30')).toBe('2026-12-14');
    // Started on a Monday: that Monday is the first.
    expect(isNominalDay(weekly('2026-11-16', 1, 2), '2026-11-16')).toBe(true);
    expect(nextNominalDay(weekly('2026-11-16', 1, 3), '2026-11-16')).toBe('2026-12-07');
  });

  it('monthly: the 1st; daily and once: every day from the start', () => {
    expect(isNominalDay(monthly('2026-11-18'), '2026-12-01')).toBe(true);
    expect(isNominalDay(monthly('2026-11-18'), '2026-11-01')).toBe(false);
    expect(nextNominalDay(monthly('2026-11-18'), '2026-11-10')).toBe('2026-12-01');
    expect(nextNominalDay(monthly('2026-12-01'), '2026-11-10')).toBe('2026-12-01');
    expect(nextNominalDay(monthly('2026-11-18'), '2026-12-01')).toBe('2027-01-01');
    expect(isNominalDay(daily('2026-11-18'), '2026-11-21')).toBe(true);
    expect(isNominalDay(daily('2026-11-18'), '2026-11-17')).toBe(false);
    expect(nextNominalDay(once('2026-11-18', '2026-12-15'), '2026-11-18')).toBeUndefined();
  });
});

describe('reminderDay', () => {
  it('weekly: a holiday Monday moves to Tuesday; out of office until after the next occurrence, no reminder', () => {
    expect(reminderDay(weekly('2026-03-30'), '2026-04-06', slovenia)).toBe('2026-04-07');
    expect(reminderDay(weekly('2026-03-30'), '2026-04-06', weekendsOnly)).toBe('2026-04-06');
    const away = workCalendar({ holidayCountry: 'SI', awayUntil: '2026-04-12' });
    expect(reminderDay(weekly('2026-03-30'), '2026-04-06', away)).toBeUndefined();
    const backThursday = workCalendar({ holidayCountry: 'SI', awayUntil: '2026-04-08' });
    expect(reminderDay(weekly('2026-03-30'), '2026-04-06', backThursday)).toBe('2026-04-09');
  });

  it('monthly: a 1st on a weekend or holiday moves to the next working day, but not past the next 1st', () => {
    expect(reminderDay(monthly('2026-07-01'), '2026-08-01', slovenia)).toBe('2026-08-03');
    // 1 and 2 January are both holidays in Slovenia.
    expect(reminderDay(monthly('2025-12-01'), '2026-01-01', slovenia)).toBe('2026-01-05');
    // 1 November 2026: a Sunday and a holiday.
    expect(reminderDay(monthly('2026-10-01'), '2026-11-01', slovenia)).toBe('2026-11-02');
    expect(reminderDay(monthly('2026-11-01'), '2026-12-01', slovenia)).toBe('2026-12-01');
    const awayAllMonth = workCalendar({ holidayCountry: 'SI', awayUntil: '2026-12-31' });
    expect(reminderDay(monthly('2026-11-01'), '2026-12-01', awayAllMonth)).toBeUndefined();
  });

  it('daily: working days only, weekends and holidays skipped rather than moved', () => {
    const s = daily('2026-12-01');
    expect(reminderDay(s, '2026-12-24', slovenia)).toBe('2026-12-24');
    expect(reminderDay(s, '2026-12-25', slovenia)).toBeUndefined();
    expect(reminderDay(s, '2026-12-26', slovenia)).toBeUndefined();
    expect(reminderDay(s, '2026-12-27', slovenia)).toBeUndefined();
    expect(reminderDay(s, '2026-12-28', slovenia)).toBe('2026-12-28');
  });

  it('once: the first working day from the start and the last working day by the due day', () => {
    // Starts on a Saturday, due on a Tuesday.
    const s = once('2026-12-05', '2026-12-15');
    expect(reminderDay(s, '2026-12-05', slovenia)).toBeUndefined();
    expect(reminderDay(s, '2026-12-07', slovenia)).toBe('2026-12-07');
    expect(reminderDay(s, '2026-12-08', slovenia)).toBeUndefined();
    expect(reminderDay(s, '2026-12-15', slovenia)).toBe('2026-12-15');
    // Due on Saturday 26 December (a holiday after Christmas): the last reminder is Thursday the 24th.
    expect(reminderDay(once('2026-12-14', '2026-12-26'), '2026-12-24', slovenia)).toBe('2026-12-24');
    expect(reminderDay(once('2026-12-14', '2026-12-26'), '2026-12-25', slovenia)).toBeUndefined();
    // Started and due the same day: one reminder.
    expect(nextReminderDay(once('2026-12-14', '2026-12-14'), '2026-12-14', slovenia)).toBe('2026-12-14');
    expect(nextReminderDay(once('2026-12-14', '2026-12-14'), '2026-12-15', slovenia)).toBeUndefined();
  });

  it('once: no reminder after the due day (assigned on the due day after its reminder time)', () => {
    const late = once('2026-12-16', '2026-12-15');
    expect(reminderDay(late, '2026-12-16', slovenia)).toBeUndefined();
    expect(nextReminderDay(late, '2026-12-15', slovenia)).toBeUndefined();
  });
});

describe('cycleStart', () => {
  it('is the latest nominal day, the start before the first one, and always the start for once', () => {
    const s = weekly('2026-11-18', 1, 2);
    expect(cycleStart(s, '2026-11-18')).toBe('2026-11-18');
    expect(cycleStart(s, '2026-11-25')).toBe('2026-11-18');
    expect(cycleStart(s, '2026-11-30')).toBe('2026-11-30');
    expect(cycleStart(s, '2026-12-11')).toBe('2026-11-30');
    expect(cycleStart(s, '2026-12-14')).toBe('2026-12-14');
    expect(cycleStart(monthly('2026-11-18'), '2026-12-17')).toBe('2026-12-01');
    expect(cycleStart(daily('2026-11-18'), '2026-11-21')).toBe('2026-11-21');
    expect(cycleStart(once('2026-11-18', '2026-12-15'), '2026-12-10')).toBe('2026-11-18');
  });

  it('keeps a moved reminder in the cycle of its nominal day', () => {
    const s = weekly('2026-03-30');
    const moved = reminderDay(s, '2026-04-06', slovenia);
    expect(moved).toBe('2026-04-07');
    expect(cycleStart(s, moved ?? '')).toBe('2026-04-06');
  });
});

describe('nextReminderDay', () => {
  it('finds a moved reminder still to come, then the next occurrence', () => {
    const s = weekly('2026-03-30');
    expect(nextReminderDay(s, '2026-04-06', slovenia)).toBe('2026-04-07');
    expect(nextReminderDay(s, '2026-04-07', slovenia)).toBe('2026-04-07');
    expect(nextReminderDay(s, '2026-04-08', slovenia)).toBe('2026-04-13');
  });

  it('skips weekends for daily, odd weeks for every 2 weeks, and looks from the start when it is ahead', () => {
    expect(nextReminderDay(daily('2026-11-18'), '2026-11-21', slovenia)).toBe('2026-11-23');
    expect(nextReminderDay(weekly('2026-11-18', 1, 2), '2026-11-18', slovenia)).toBe('2026-11-30');
    expect(nextReminderDay(weekly('2026-11-25'), '2026-11-18', slovenia)).toBe('2026-11-30');
    expect(nextReminderDay(monthly('2026-11-18'), '2026-12-02', workCalendar({ holidayCountry: 'SI', awayUntil: '2026-12-31' }))).toBe('2027-01-04');
  });
});

describe('cycle status', () => {
  it('daily: the previous cycle is the previous working day, so a Monday is not overdue for the weekend', () => {
    const s = daily('2026-11-16');
    expect(previousCycle(s, '2026-11-23', slovenia)).toBe('2026-11-20');
    expect(previousCycle(s, '2026-11-17', slovenia)).toBe('2026-11-16');
    expect(previousCycle(s, '2026-11-16', slovenia)).toBeUndefined();
    const doneFriday = (cycle: string): boolean => cycle === '2026-11-20';
    expect(cycleStatus(s, '2026-11-23', slovenia, doneFriday)).toEqual({ kind: 'due', by: '2026-11-23' });
    expect(cycleStatus(s, '2026-11-23', slovenia, never)).toEqual({ kind: 'overdue', since: '2026-11-20' });
  });

  it('weekly: due by the day before the next occurrence; overdue when the last cycle went undone; done wins', () => {
    const s = weekly('2026-11-16');
    expect(cycleStatus(s, '2026-11-18', slovenia, never)).toEqual({ kind: 'due', by: '2026-11-22' });
    expect(cycleStatus(s, '2026-11-24', slovenia, never)).toEqual({ kind: 'overdue', since: '2026-11-16' });
    expect(cycleStatus(s, '2026-11-24', slovenia, (c) => c === '2026-11-16')).toEqual({ kind: 'due', by: '2026-11-29' });
    expect(cycleStatus(s, '2026-11-24', slovenia, (c) => c === '2026-11-23')).toEqual({ kind: 'done' });
    // Before the first Monday (started on a Wednesday) there is no earlier cycle to miss.
    expect(cycleStatus(weekly('2026-11-18'), '2026-11-20', slovenia, never)).toEqual({ kind: 'due', by: '2026-11-22' });
    expect(previousCycle(weekly('2026-11-18'), '2026-11-24', slovenia)).toBeUndefined();
  });

  it('once: due by its due day, overdue after it', () => {
    const s = once('2026-11-18', '2026-12-15');
    expect(cycleStatus(s, '2026-12-15', slovenia, never)).toEqual({ kind: 'due', by: '2026-12-15' });
    expect(cycleStatus(s, '2026-12-16', slovenia, never)).toEqual({ kind: 'overdue', since: '2026-12-15' });
    expect(cycleEnd(s, '2026-11-18')).toBe('2026-12-15');
    expect(cycleEnd(weekly('2026-11-16', 1, 2), '2026-11-16')).toBe('2026-11-29');
  });

  it('next reminder: today only while its time is ahead, and not for a cycle already done', () => {
    const s = weekly('2026-11-16');
    expect(nextReminder(s, '2026-11-23', NINE - 1, slovenia, never)).toBe('2026-11-23');
    expect(nextReminder(s, '2026-11-23', NINE, slovenia, never)).toBe('2026-11-30');
    expect(nextReminder(s, '2026-11-23', 0, slovenia, (c) => c === '2026-11-23')).toBe('2026-11-30');
    expect(nextReminder(daily('2026-11-16'), '2026-11-20', 0, slovenia, (c) => c === '2026-11-20')).toBe('2026-11-23');
    expect(nextReminder(once('2026-11-18', '2026-11-18'), '2026-11-18', NINE, slovenia, never)).toBeUndefined();
  });
});

describe('training helpers', () => {
  it('shows times on a 24-hour clock and reads the minute of the day in a zone', () => {
    expect(clockTime(9 * 60)).toBe('09:00');
    expect(clockTime(14 * 60 + 5)).toBe('14:05');
    expect(minuteOfDay(new Date('2026-11-18T08:30:00Z'), 'Europe/Ljubljana')).toBe(9 * 60 + 30);
    expect(minuteOfDay(new Date('2026-07-01T23:15:00Z'), 'Europe/Ljubljana')).toBe(1 * 60 + 15);
  });

  it('reads a Done button value and refuses anything else', () => {
    expect(parseDoneValue('12:2026-11-23')).toEqual({ assignmentId: 12, cycleStart: '2026-11-23' });
    for (const bad of [undefined, '', '12', '12:2026-02-30', 'x:2026-11-23', '12:2026-11-23:1', '-1:2026-11-23']) {
      expect(parseDoneValue(bad), String(bad)).toBeUndefined();
    }
  });
});

describe('cycleStart computed, not walked', () => {
  /** The definition, walked day by day: the latest nominal day on or before `day`, else the start. */
  function walkedCycleStart(s: Schedule, day: string): string {
    if (s.cadence === 'once' || day <= s.startsOn) return s.startsOn;
    for (let d = day; d >= s.startsOn; d = addDays(d, -1)) if (isNominalDay(s, d)) return d;
    return s.startsOn;
  }

  it('agrees with the definition on thousands of schedules and days (seeded, so reproducible)', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const cadences = ['daily', 'weekly', 'monthly'] as const;
    for (let i = 0; i < 3_000; i++) {
      const cadence = cadences[random(3)] ?? 'weekly';
      const startsOn = addDays('2025-01-01', random(700));
      const s: Schedule = { cadence, minute: 540, startsOn, ...(cadence === 'weekly' && { weekday: 1 + random(7), everyWeeks: 1 + random(4) }) };
      const day = addDays(startsOn, random(400) - 20);
      expect(cycleStart(s, day), JSON.stringify({ s, day })).toBe(walkedCycleStart(s, day));
    }
  });
});

describe('ISO weeks', () => {
  it('names a day\'s Monday and its ISO week, across year boundaries', () => {
    expect(mondayOf('2026-12-06')).toBe('2026-11-30');
    expect(mondayOf('2026-11-30')).toBe('2026-11-30');
    expect(isoWeekOf('2026-11-30')).toBe('2026-W49');
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53'); // a Friday: still 2026's last week
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01'); // a Monday: already 2026's first week
  });
});
