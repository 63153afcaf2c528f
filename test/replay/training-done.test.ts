/**
 * The training reminder's Done button, end to end through the real HTTP endpoints: the reminder is
 * decided by the domain (`decideReminder`) at a fixed clock and delivered by the job layer's own
 * `deliverOnce` through Pacer's outbound to a fake platform, so the button clicked is the one that
 * was rendered and sent. The click then comes back as the platform sends it:
 *
 * - Slack: a signed `block_actions` payload to `POST /slack/events`, answered through a loopback
 *   response_url with `replace_original`;
 * - Teams: an `Action.Submit` message activity (its `value` the button's data, `replyToId` the card),
 *   signed as the Bot Framework signs it, to `POST /api/messages`; the card is updated in place (PUT).
 *
 * Real server (`createPacerServer`), real core and registry, real PostgreSQL; only Slack's Web API and
 * Microsoft's key set and Bot Connector are fakes on loopback. No sleeps: every wait is on an event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacerServer } from '../../adapters/http/pacer-server.ts';
import { renderMessage } from '../../adapters/slack/render.ts';
import { renderActivity } from '../../adapters/teams/render.ts';
import { deliverOnce } from '../../jobs/deliver.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import type { Effect, EffectSink } from '../../src/bot/effects.ts';
import { decideReminder } from '../../src/domain/training/training.reminders.ts';
import { trainingReminderDoneMessage } from '../../src/domain/training/training.views.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import type { Message } from '../../src/messages/message.ts';
import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import type { ConnectorCall } from '../helpers/fake-bot-connector.ts';
import { seedTraining, type TrainingSeed } from '../helpers/jobs.ts';
import {
  cardOf, mustPostNow, slackButtonMessage, slackProfile, startSlackReplay, startTeamsReplay, submitActions, TEAMS_PEOPLE,
  type SlackButtonMessage, type SlackReplay, type TeamsAccount, type TeamsReplay,
} from '../helpers/replay.ts';
import { useTestDatabase } from '../helpers/test-db-hooks.ts';

const MODULE = 'Negotiation 101';
const MODULE_URL = 'https://lms.example.com/neg101';
/** Monday 30 November 2026: the cycle every weekly reminder below is for. */
const MONDAY = '2026-11-30';
/** What a rep who did not get the reminder is told when they press its button. */
const NOT_YOURS = 'This reminder is for someone else: only they can mark it done.';

const t = useTestDatabase();
const t_en = translator('en');
const fmt_en = createFormats('en');

/** The reminder in its done state, as the Done button's answer should show it (English reader). */
const doneState = (assignmentId: number, cycleStart: string, recordedOn: string): Message =>
  trainingReminderDoneMessage({ assignmentId, cycleStart, moduleName: MODULE, url: MODULE_URL }, recordedOn, t_en, fmt_en);

const completionsOf = (assignmentId: number) =>
  t.db.selectFrom('training_completions').selectAll().where('assignment_id', '=', assignmentId).execute();
const assignmentRow = (assignmentId: number) =>
  t.db.selectFrom('training_assignments').selectAll().where('id', '=', assignmentId).executeTakeFirstOrThrow();
const doneAudits = async (assignmentId: number) =>
  (await t.db.selectFrom('audit_log').select(['action', 'details']).where('action', '=', 'training.done').execute())
    .filter((row) => (row.details as { assignment?: number } | null)?.assignment === assignmentId);

/**
 * What the reminder job does when the scheduler fires at the clock's now: the domain decides (it must
 * be a send), then the job layer's deliverOnce DMs the rep through Pacer's outbound. Returns where the
 * post went (the platform's conversation and message id, as recorded in job_posts).
 */
async function sendReminder(pacer: PacerServer, assignmentId: number, now: Date): Promise<{ conversationId: string; messageId: string; message: Message; cycleStart: string }> {
  const decision = await decideReminder(t.db, assignmentId, now);
  if (decision.kind !== 'send') throw new Error(`expected a reminder to send, got ${JSON.stringify(decision)}`);
  const key = { kind: 'training.reminder', recipient: `member:${decision.member.id}`, period: `${assignmentId}:${decision.nominal}` };
  const delivered = await deliverOnce({ db: t.db, outbound: pacer.outbound }, mustPostNow, decision.workspace, key, { kind: 'direct', userId: decision.member.external_id }, decision.message);
  expect(delivered).toBe('posted');
  const post = await t.db.selectFrom('job_posts').select(['conversation_id', 'message_id'])
    .where('kind', '=', key.kind).where('recipient', '=', key.recipient).where('period', '=', key.period)
    .executeTakeFirstOrThrow();
  if (post.conversation_id === null || post.message_id === null) throw new Error('job_posts has no conversation or message id');
  return { conversationId: post.conversation_id, messageId: post.message_id, message: decision.message, cycleStart: decision.cycleStart };
}

// ==== Slack ======================================================================================

describe('Slack: the Done button through POST /slack/events', () => {
  const SECRET = 'training-done-signing-secret-0123456789';
  const TEAM = 'T0001';
  // 09:00 in Ljubljana: the reminders' minute, on the Monday.
  const clock = fixedClock(new Date('2026-11-30T08:00:00Z'));
  const handedOver: { effects: Effect[]; committed: { id: number; endedAt: Date | null; completions: number }[] }[] = [];
  /**
   * The job queue's stand-in: records each batch, and what a separate connection sees of the named
   * assignments at that moment, which is only what has committed.
   */
  const effects: EffectSink = async (batch) => {
    const ids = batch.flatMap((e) => (e.kind === 'training.changed' ? e.assignmentIds : []));
    const committed = await Promise.all(ids.map(async (id) => ({
      id,
      endedAt: (await assignmentRow(id)).ended_at,
      completions: (await completionsOf(id)).length,
    })));
    handedOver.push({ effects: [...batch], committed });
  };

  let slack: SlackReplay;
  let seed: TrainingSeed;

  beforeAll(async () => {
    slack = await startSlackReplay({
      db: t.db,
      users: { UALICE: slackProfile('UALICE', 'Alice'), UBOB: slackProfile('UBOB', 'Bob'), UCAROL: slackProfile('UCAROL', 'Carol') },
      signingSecret: SECRET,
      botToken: 'xoxb-training-done',
      team: TEAM,
      tag: 'done',
      clock,
      effects,
      clickTs: 1764489600,
    });
    seed = await seedTraining(t.db, { UALICE: {}, UBOB: {}, UCAROL: {} }, { externalId: TEAM });
  });

  afterAll(async () => {
    await slack?.stop();
  });

  /** Sends the reminder (the job's path) and reads the message Slack received, with its Done button. */
  async function postReminder(assignmentId: number): Promise<SlackButtonMessage> {
    const before = slack.fake.calls.length;
    const sent = await sendReminder(slack.pacer, assignmentId, clock.now());
    const post = slack.fake.calls.slice(before).find((c) => c.method === 'chat.postMessage');
    if (post === undefined) throw new Error('the reminder was not posted to Slack');
    const reminder = slackButtonMessage(post, { ...sent, channelName: 'directmessage' });
    // The rendered Block Kit of the very message the domain decided on.
    expect(reminder.blocks).toEqual(renderMessage(sent.message).blocks);
    return reminder;
  }

  describe('a weekly reminder', () => {
    let assignmentId: number;
    let reminder: SlackButtonMessage;

    beforeAll(async () => {
      assignmentId = await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: MONDAY, minute: 9 * 60 });
      reminder = await postReminder(assignmentId);
    });

    it('is a DM to the rep whose Done button carries the assignment and this cycle', () => {
      expect(reminder.channel).toBe('DALICE');
      expect(reminder.button).toMatchObject({ type: 'button', action_id: 'training.done', value: `${assignmentId}:${MONDAY}`, style: 'primary', text: { type: 'plain_text', text: 'Done' } });
    });

    it('refuses another user pressing it: the answer says so and nothing is recorded', async () => {
      const { status, text, respondId } = await slack.click('UBOB', reminder);
      expect(status).toBe(200);
      expect(text).toBe('');
      const answer = await slack.answerTo(respondId);
      // Said to Bob alone, beside the reminder: Alice's message keeps its Done button.
      expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(answer.text).toBe(NOT_YOURS);
      expect(answer.blocks).toEqual([{ type: 'section', text: expect.objectContaining({ text: NOT_YOURS }) }]);
      expect(await completionsOf(assignmentId)).toEqual([]);
      expect(await doneAudits(assignmentId)).toEqual([]);
      expect(handedOver).toEqual([]);
    });

    it('records the cycle when the rep presses it and replaces the reminder with its done state', async () => {
      const { status, text, respondId } = await slack.click('UALICE', reminder);
      expect(status).toBe(200);
      expect(text).toBe('');
      const answer = await slack.answerTo(respondId);
      expect(answer).toEqual({ replace_original: true, ...renderMessage(doneState(assignmentId, MONDAY, MONDAY)) });
      expect(JSON.stringify(answer.blocks)).not.toContain('"actions"');
      expect(JSON.stringify(answer.blocks)).not.toContain('training.done');
      expect(answer.text).toContain('✓ Done — recorded Mon, Nov 30');

      const alice = seed.members['UALICE'];
      expect(await completionsOf(assignmentId)).toEqual([{ assignment_id: assignmentId, cycle_start: MONDAY, completed_at: clock.now(), completed_by: alice }]);
      expect(await doneAudits(assignmentId)).toHaveLength(1);
      // A weekly assignment goes on: nothing for its scheduler.
      expect((await assignmentRow(assignmentId)).ended_at).toBeNull();
      expect(handedOver).toEqual([]);
      // And this cycle's reminder is not sent again.
      expect(await decideReminder(t.db, assignmentId, clock.now())).toEqual({ kind: 'none', reason: 'done' });
    });

    it('pressed again the next day shows the same done state (the day it was recorded) and records nothing more', async () => {
      const monday = clock.now();
      clock.advance(24 * 60 * 60 * 1000);
      try {
        const { status, respondId } = await slack.click('UALICE', reminder);
        expect(status).toBe(200);
        expect(await slack.answerTo(respondId)).toEqual({ replace_original: true, ...renderMessage(doneState(assignmentId, MONDAY, MONDAY)) });
      } finally {
        clock.set(monday);
      }
      expect(await completionsOf(assignmentId)).toHaveLength(1);
      expect(await doneAudits(assignmentId)).toHaveLength(1);
      expect(handedOver).toEqual([]);
    });

    it('still refuses the other user once it is done (the done state is not theirs to see either)', async () => {
      const { status, respondId } = await slack.click('UBOB', reminder);
      expect(status).toBe(200);
      const answer = await slack.answerTo(respondId);
      expect(answer.text).toBe(NOT_YOURS);
      expect(JSON.stringify(answer)).not.toContain('Done — recorded');
      expect(await completionsOf(assignmentId)).toHaveLength(1);
    });
  });

  describe('a one-off reminder', () => {
    let assignmentId: number;
    let reminder: SlackButtonMessage;

    beforeAll(async () => {
      assignmentId = await seed.assign('UCAROL', { cadence: 'once', dueOn: '2026-12-04', startsOn: MONDAY, minute: 9 * 60 });
      reminder = await postReminder(assignmentId);
    });

    it('says when it is due, and its button names the one cycle a one-off has', () => {
      expect(reminder.channel).toBe('DCAROL');
      expect(reminder.text).toContain('Due by Fri, Dec 4');
      expect(reminder.button).toMatchObject({ action_id: 'training.done', value: `${assignmentId}:${MONDAY}` });
    });

    it('pressed Done, ends the assignment and hands training.changed over after commit', async () => {
      const { status, respondId } = await slack.click('UCAROL', reminder);
      expect(status).toBe(200);
      expect(await slack.answerTo(respondId)).toEqual({ replace_original: true, ...renderMessage(doneState(assignmentId, MONDAY, MONDAY)) });

      expect(await completionsOf(assignmentId)).toEqual([{ assignment_id: assignmentId, cycle_start: MONDAY, completed_at: clock.now(), completed_by: seed.members['UCAROL'] }]);
      expect((await assignmentRow(assignmentId)).ended_at).toEqual(clock.now());
      // Handed over once, and only after commit: another connection already saw it ended and done.
      expect(handedOver).toEqual([
        { effects: [{ kind: 'training.changed', assignmentIds: [assignmentId] }], committed: [{ id: assignmentId, endedAt: clock.now(), completions: 1 }] },
      ]);
      // Its scheduler will find it ended.
      expect(await decideReminder(t.db, assignmentId, clock.now())).toEqual({ kind: 'ended' });
    });

    it('pressed again after it ended, still shows done, and nothing more is written or handed over', async () => {
      const { status, respondId } = await slack.click('UCAROL', reminder);
      expect(status).toBe(200);
      expect(await slack.answerTo(respondId)).toEqual({ replace_original: true, ...renderMessage(doneState(assignmentId, MONDAY, MONDAY)) });
      expect(await completionsOf(assignmentId)).toHaveLength(1);
      expect(await doneAudits(assignmentId)).toHaveLength(1);
      expect(handedOver).toHaveLength(1);
    });
  });
});

// ==== Teams ======================================================================================

describe('Teams: the Done button through POST /api/messages', () => {
  const CLIENT_ID = '00000000-0000-4000-8000-00000d0ne001';
  const TENANT = 'tenant-training';
  const { OLIVIA, ALICE, BOB } = TEAMS_PEOPLE;
  // Monday 07:00 in the workspace's zone (UTC: Teams tells a bot no time zone), before the 09:00 reminder time.
  const clock = fixedClock(new Date('2026-11-30T07:00:00Z'));

  let teams: TeamsReplay;

  beforeAll(async () => {
    teams = await startTeamsReplay({ db: t.db, clientId: CLIENT_ID, tenant: TENANT, tag: 'training', clock });
  });

  afterAll(async () => {
    await teams?.stop();
    // Every card Pacer sent here passed the official Adaptive Cards parser.
    expect(teams?.fake.invalidCards).toEqual([]);
  });

  /** Olivia types a command in her 1:1 chat with Pacer; the reply's summary (its fallback text). */
  const olivia = (text: string, entities: unknown[] = []): Promise<string> => teams.say(OLIVIA, teams.personal(OLIVIA), text, entities);

  it('records the cycle from the reminder card’s Done button and updates that card in place; another user is refused', async () => {
    // Olivia installs Pacer (the installer administers it), adds the module and assigns it to Alice.
    expect(await teams.send({ ...teams.activity(OLIVIA, teams.personal(OLIVIA), {}), type: 'installationUpdate', action: 'add' })).toBe(200);
    const oliviaRow = await t.db.selectFrom('members').innerJoin('workspaces', 'workspaces.id', 'members.workspace_id')
      .select('members.role').where('workspaces.external_id', '=', TENANT).where('members.external_id', '=', OLIVIA.id).executeTakeFirstOrThrow();
    expect(oliviaRow.role).toBe('admin');
    expect(await olivia(`training add "${MODULE}" ${MODULE_URL}`)).toContain(`Added the training module "${MODULE}".`);
    const mention = { type: 'mention', text: `<at>${ALICE.name}</at>`, mentioned: { id: ALICE.id, name: ALICE.name } };
    const assigned = await olivia(`training assign "${MODULE}" <at>${ALICE.name}</at> every monday 9:00`, [mention]);
    expect(assigned).toContain(`Assigned "${MODULE}" to ${ALICE.name}`);
    expect(assigned).toContain('First reminder: Mon, Nov 30 at 09:00.');
    const { id: assignmentId } = await t.db.selectFrom('training_assignments').innerJoin('members', 'members.id', 'training_assignments.member_id')
      .select('training_assignments.id').where('members.external_id', '=', ALICE.id).executeTakeFirstOrThrow();

    // 09:00: the reminder job DMs Alice (a new 1:1 chat opened at the install's serviceUrl).
    clock.set(new Date('2026-11-30T09:00:00Z'));
    const before = teams.fake.calls.length;
    const sent = await sendReminder(teams.pacer, assignmentId, clock.now());
    const posted = teams.fake.calls.slice(before).find((c) => c.kind === 'create');
    if (posted === undefined) throw new Error('the reminder card was not posted');
    expect(posted.conversationId).toBe(sent.conversationId);
    expect(cardOf(posted)).toEqual(renderActivity(sent.message).attachments[0]?.content);
    // The button as rendered: Teams sends its `data` back as the activity's `value` when pressed.
    const [button, ...others] = submitActions(cardOf(posted));
    expect(others).toEqual([]);
    expect(button).toMatchObject({ type: 'Action.Submit', title: 'Done', data: { action: 'training.done', value: `${assignmentId}:${MONDAY}` } });
    const dm = { id: sent.conversationId, conversationType: 'personal', tenantId: TENANT };
    const press = (from: TeamsAccount) => teams.activity(from, dm, { value: button?.data, replyToId: sent.messageId });
    const isCardUpdate = (c: ConnectorCall) => c.kind === 'update' && c.activityId === sent.messageId;

    // Bob presses it: refused in a reply of its own (the card keeps its button), nothing recorded.
    const refused = await teams.sendAndWait(press(BOB), (c) => c.kind === 'create');
    expect(teams.fake.calls.some(isCardUpdate)).toBe(false);
    expect(refused.body.summary).toBe(NOT_YOURS);
    expect(JSON.stringify(cardOf(refused))).toContain(NOT_YOURS);
    expect(await completionsOf(assignmentId)).toEqual([]);

    // Alice presses it: the cycle is recorded and the card becomes the done state, without its button.
    const updated = await teams.sendAndWait(press(ALICE), isCardUpdate);
    const done = renderActivity(doneState(assignmentId, MONDAY, MONDAY));
    expect(updated.body).toMatchObject({ type: 'message', summary: done.summary, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: done.attachments[0]?.content }] });
    expect(submitActions(cardOf(updated))).toEqual([]);
    expect(JSON.stringify(cardOf(updated))).toContain('✓ Done — recorded Mon, Nov 30');
    expect(cardProblems(cardOf(updated))).toEqual([]);
    const alice = await t.db.selectFrom('members').select('id').where('external_id', '=', ALICE.id).executeTakeFirstOrThrow();
    expect(await completionsOf(assignmentId)).toEqual([{ assignment_id: assignmentId, cycle_start: MONDAY, completed_at: clock.now(), completed_by: alice.id }]);
    expect((await assignmentRow(assignmentId)).ended_at).toBeNull();

    // Pressed again: the same done state, still one completion.
    const again = await teams.sendAndWait(press(ALICE), isCardUpdate);
    expect(again.body.summary).toBe(done.summary);
    expect(cardOf(again)).toEqual(done.attachments[0]?.content);
    expect(await completionsOf(assignmentId)).toHaveLength(1);
    expect(await doneAudits(assignmentId)).toHaveLength(1);
  });
});
