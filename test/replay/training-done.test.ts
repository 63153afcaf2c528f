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
import { createPacerServer, type PacerServer } from '../../adapters/http/pacer-server.ts';
import { renderMessage } from '../../adapters/slack/render.ts';
import { renderActivity } from '../../adapters/teams/render.ts';
import { deliverOnce, type JobControl } from '../../jobs/deliver.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import type { Effect, EffectSink } from '../../src/bot/effects.ts';
import { createLogger } from '../../src/bot/logger.ts';
import { decideReminder } from '../../src/domain/training/training.reminders.ts';
import { trainingReminderDoneMessage } from '../../src/domain/training/training.views.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import type { Message } from '../../src/messages/message.ts';
import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import { signConnectorToken, startFakeBotConnector, startTeamsPacer, type ConnectorCall, type FakeBotConnector } from '../helpers/fake-bot-connector.ts';
import { startFakeSlack, type FakeSlack } from '../helpers/fake-slack.ts';
import { seedTraining, type TrainingSeed } from '../helpers/jobs.ts';
import { FORM_CONTENT_TYPE, interactionBody, signSlackRequest } from '../helpers/slack-sign.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.ts';

const MODULE = 'Negotiation 101';
const MODULE_URL = 'https://lms.example.com/neg101';
/** Monday 30 November 2026: the cycle every weekly reminder below is for. */
const MONDAY = '2026-11-30';
/** What a rep who did not get the reminder is told when they press its button. */
const NOT_YOURS = 'This reminder is for someone else: only they can mark it done.';

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.close();
});

const silent = () => createLogger({ level: 'silent' });
const t_en = translator('en');
const fmt_en = createFormats('en');

/** The reminder in its done state, as the Done button's answer should show it (English reader). */
const doneState = (assignmentId: number, cycleStart: string, recordedOn: string): Message =>
  trainingReminderDoneMessage({ assignmentId, cycleStart, moduleName: MODULE, url: MODULE_URL }, recordedOn, t_en, fmt_en);

/** A delivery that must post now: a reminder asked to wait for a send slot fails the test instead. */
const postNow: JobControl = {
  delay: (until) => Promise.reject(new Error(`deliverOnce wanted to wait until ${new Date(until).toISOString()}`)),
};

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
  const delivered = await deliverOnce({ db: t.db, outbound: pacer.outbound }, postNow, decision.workspace, key, { kind: 'direct', userId: decision.member.external_id }, decision.message);
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

  let fake: FakeSlack;
  let pacer: PacerServer;
  let url: string;
  let seed: TrainingSeed;
  let trigger = 0;

  const profile = (id: string, name: string) => ({
    id, name: name.toLowerCase(), real_name: name, profile: { display_name: name, real_name: name },
    is_admin: false, is_owner: false, tz: 'Europe/Ljubljana', locale: 'en-US', is_bot: false,
  });

  beforeAll(async () => {
    fake = await startFakeSlack({ users: { UALICE: profile('UALICE', 'Alice'), UBOB: profile('UBOB', 'Bob'), UCAROL: profile('UCAROL', 'Carol') } });
    pacer = createPacerServer({
      db: t.db,
      ready: async () => true,
      slack: { signingSecret: SECRET, botToken: 'xoxb-training-done', apiUrl: fake.apiUrl },
      port: 0,
      host: '127.0.0.1',
      logger: silent(),
      clock,
      effects,
    });
    url = (await pacer.start()).url;
    seed = await seedTraining(t.db, { UALICE: {}, UBOB: {}, UCAROL: {} }, { externalId: TEAM });
  });

  afterAll(async () => {
    await pacer?.stop();
    await fake?.close();
  });

  interface SlackReminder {
    channel: string;
    ts: string;
    /** The message as Slack holds it (what it sends back in `message` on a click). */
    text: string;
    blocks: Record<string, unknown>[];
    /** The Done button exactly as rendered: an element of an `actions` block, and that block's id. */
    button: Record<string, unknown>;
    blockId: string;
  }

  /** Sends the reminder (the job's path) and reads the message Slack received, with its button. */
  async function postReminder(assignmentId: number): Promise<SlackReminder> {
    const before = fake.calls.length;
    const sent = await sendReminder(pacer, assignmentId, clock.now());
    const post = fake.calls.slice(before).find((c) => c.method === 'chat.postMessage');
    if (post === undefined) throw new Error('the reminder was not posted to Slack');
    const blocks = post.body.blocks as Record<string, unknown>[];
    const actions = blocks.filter((b) => b.type === 'actions');
    expect(actions).toHaveLength(1);
    const elements = actions[0]?.elements as Record<string, unknown>[];
    expect(elements).toHaveLength(1);
    const button = elements[0] ?? {};
    // The rendered Block Kit of the very message the domain decided on.
    expect(blocks).toEqual(renderMessage(sent.message).blocks);
    return {
      channel: sent.conversationId,
      ts: sent.messageId,
      text: String(post.body.text),
      blocks,
      button,
      // Slack gives a block without an id one of its own; Pacer's renderer may or may not set it.
      blockId: typeof actions[0]?.block_id === 'string' ? actions[0].block_id : 'slack-assigned-1',
    };
  }

  /** `user` clicks the button on the reminder, as Slack posts it: signed block_actions with a response_url. */
  async function click(user: string, reminder: SlackReminder): Promise<{ status: number; text: string; respondId: string }> {
    trigger += 1;
    const respondId = `done-${trigger}`;
    const payload = {
      type: 'block_actions',
      team: { id: TEAM, domain: 'acme' },
      user: { id: user, username: user.slice(1).toLowerCase(), name: user.slice(1).toLowerCase(), team_id: TEAM },
      api_app_id: 'A0001',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: reminder.ts, channel_id: reminder.channel, is_ephemeral: false },
      trigger_id: `trig-done-${trigger}`,
      channel: { id: reminder.channel, name: 'directmessage' },
      message: { type: 'message', ts: reminder.ts, text: reminder.text, blocks: reminder.blocks, bot_id: 'BBOT', user: 'UBOT' },
      state: { values: {} },
      response_url: fake.responseUrl(respondId),
      actions: [{ ...reminder.button, block_id: reminder.blockId, action_ts: `1764489600.${String(trigger).padStart(6, '0')}` }],
    };
    const body = interactionBody(payload);
    const res = await fetch(`${url}/slack/events`, { method: 'POST', headers: { 'content-type': FORM_CONTENT_TYPE, ...signSlackRequest(body, SECRET) }, body });
    return { status: res.status, text: await res.text(), respondId };
  }

  /** What the response_url received for a click: event-driven. */
  const answerTo = async (respondId: string): Promise<Record<string, unknown>> => (await fake.waitFor('respond', (c) => c.id === respondId)).body;

  describe('a weekly reminder', () => {
    let assignmentId: number;
    let reminder: SlackReminder;

    beforeAll(async () => {
      assignmentId = await seed.assign('UALICE', { cadence: 'weekly', weekday: 1, startsOn: MONDAY, minute: 9 * 60 });
      reminder = await postReminder(assignmentId);
    });

    it('is a DM to the rep whose Done button carries the assignment and this cycle', () => {
      expect(reminder.channel).toBe('DALICE');
      expect(reminder.button).toMatchObject({ type: 'button', action_id: 'training.done', value: `${assignmentId}:${MONDAY}`, style: 'primary', text: { type: 'plain_text', text: 'Done' } });
    });

    it('refuses another user pressing it: the answer says so and nothing is recorded', async () => {
      const { status, text, respondId } = await click('UBOB', reminder);
      expect(status).toBe(200);
      expect(text).toBe('');
      const answer = await answerTo(respondId);
      // Said to Bob alone, beside the reminder: Alice's message keeps its Done button.
      expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(answer.text).toBe(NOT_YOURS);
      expect(answer.blocks).toEqual([{ type: 'section', text: expect.objectContaining({ text: NOT_YOURS }) }]);
      expect(await completionsOf(assignmentId)).toEqual([]);
      expect(await doneAudits(assignmentId)).toEqual([]);
      expect(handedOver).toEqual([]);
    });

    it('records the cycle when the rep presses it and replaces the reminder with its done state', async () => {
      const { status, text, respondId } = await click('UALICE', reminder);
      expect(status).toBe(200);
      expect(text).toBe('');
      const answer = await answerTo(respondId);
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
        const { status, respondId } = await click('UALICE', reminder);
        expect(status).toBe(200);
        expect(await answerTo(respondId)).toEqual({ replace_original: true, ...renderMessage(doneState(assignmentId, MONDAY, MONDAY)) });
      } finally {
        clock.set(monday);
      }
      expect(await completionsOf(assignmentId)).toHaveLength(1);
      expect(await doneAudits(assignmentId)).toHaveLength(1);
      expect(handedOver).toEqual([]);
    });

    it('still refuses the other user once it is done (the done state is not theirs to see either)', async () => {
      const { status, respondId } = await click('UBOB', reminder);
      expect(status).toBe(200);
      const answer = await answerTo(respondId);
      expect(answer.text).toBe(NOT_YOURS);
      expect(JSON.stringify(answer)).not.toContain('Done — recorded');
      expect(await completionsOf(assignmentId)).toHaveLength(1);
    });
  });

  describe('a one-off reminder', () => {
    let assignmentId: number;
    let reminder: SlackReminder;

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
      const { status, respondId } = await click('UCAROL', reminder);
      expect(status).toBe(200);
      expect(await answerTo(respondId)).toEqual({ replace_original: true, ...renderMessage(doneState(assignmentId, MONDAY, MONDAY)) });

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
      const { status, respondId } = await click('UCAROL', reminder);
      expect(status).toBe(200);
      expect(await answerTo(respondId)).toEqual({ replace_original: true, ...renderMessage(doneState(assignmentId, MONDAY, MONDAY)) });
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
  const BOT = { id: `28:${CLIENT_ID}`, name: 'Pacer' };
  const OLIVIA = { id: '29:olivia', name: 'Olivia Owner', aadObjectId: 'aad-olivia' };
  const ALICE = { id: '29:alice', name: 'Alice Novak', aadObjectId: 'aad-alice' };
  const BOB = { id: '29:bob', name: 'Bob Kranjc', aadObjectId: 'aad-bob' };
  type Account = typeof OLIVIA;
  const personal = (who: Account) => ({ id: `a:1personal-${who.id}`, conversationType: 'personal', tenantId: TENANT });
  // Monday 07:00 in the workspace's zone (UTC: Teams tells a bot no time zone), before the 09:00 reminder time.
  const clock = fixedClock(new Date('2026-11-30T07:00:00Z'));

  let fake: FakeBotConnector;
  let pacer: PacerServer;
  let url: string;
  let seq = 0;

  beforeAll(async () => {
    fake = await startFakeBotConnector();
    ({ pacer, url } = await startTeamsPacer({ db: t.db, clientId: CLIENT_ID, fake, clock }));
  });

  afterAll(async () => {
    await pacer?.stop();
    await fake?.close();
    // Every card Pacer sent here passed the official Adaptive Cards parser.
    expect(fake.invalidCards).toEqual([]);
  });

  /** An activity from a person in a conversation, as Teams posts it to the bot. */
  function activity(from: Account, conversation: Record<string, unknown>, fields: Record<string, unknown>) {
    seq += 1;
    return {
      type: 'message',
      id: `f:training-${seq}`,
      timestamp: new Date().toISOString(),
      serviceUrl: `${fake.url}/`,
      channelId: 'msteams',
      from,
      conversation,
      recipient: BOT,
      locale: 'en-US',
      channelData: { tenant: { id: TENANT } },
      ...fields,
    };
  }

  async function send(body: Record<string, unknown>): Promise<number> {
    const token = signConnectorToken(fake.privateKey, fake.kid, { aud: CLIENT_ID, serviceurl: `${fake.url}/` });
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    return res.status;
  }

  /** Sends an activity and waits for the bot's next call into that conversation. */
  async function sendAndWait(body: ReturnType<typeof activity>, match: (c: ConnectorCall) => boolean = () => true): Promise<ConnectorCall> {
    const before = fake.calls.length;
    expect(await send(body)).toBe(200);
    return fake.waitFor((c) => fake.calls.indexOf(c) >= before && c.conversationId === body.conversation.id && match(c));
  }

  /** Olivia types a command in her 1:1 chat with Pacer; the reply's summary (its fallback text). */
  async function olivia(text: string, entities: unknown[] = []): Promise<string> {
    const reply = await sendAndWait(activity(OLIVIA, personal(OLIVIA), { text, textFormat: 'plain', entities }));
    return String(reply.body.summary);
  }

  /** Every Action.Submit in a card, wherever it sits. */
  function submitActions(node: unknown): Record<string, unknown>[] {
    if (Array.isArray(node)) return node.flatMap(submitActions);
    if (typeof node !== 'object' || node === null) return [];
    const record = node as Record<string, unknown>;
    return [...(record.type === 'Action.Submit' ? [record] : []), ...Object.values(record).flatMap(submitActions)];
  }

  const cardOf = (call: ConnectorCall): unknown => (call.body.attachments as { content: unknown }[] | undefined)?.[0]?.content;

  it('records the cycle from the reminder card’s Done button and updates that card in place; another user is refused', async () => {
    // Olivia installs Pacer (the installer administers it), adds the module and assigns it to Alice.
    expect(await send({ ...activity(OLIVIA, personal(OLIVIA), {}), type: 'installationUpdate', action: 'add' })).toBe(200);
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
    const before = fake.calls.length;
    const sent = await sendReminder(pacer, assignmentId, clock.now());
    const posted = fake.calls.slice(before).find((c) => c.kind === 'create');
    if (posted === undefined) throw new Error('the reminder card was not posted');
    expect(posted.conversationId).toBe(sent.conversationId);
    expect(cardOf(posted)).toEqual(renderActivity(sent.message).attachments[0]?.content);
    // The button as rendered: Teams sends its `data` back as the activity's `value` when pressed.
    const [button, ...others] = submitActions(cardOf(posted));
    expect(others).toEqual([]);
    expect(button).toMatchObject({ type: 'Action.Submit', title: 'Done', data: { action: 'training.done', value: `${assignmentId}:${MONDAY}` } });
    const dm = { id: sent.conversationId, conversationType: 'personal', tenantId: TENANT };
    const press = (from: Account) => activity(from, dm, { value: button?.data, replyToId: sent.messageId });
    const isCardUpdate = (c: ConnectorCall) => c.kind === 'update' && c.activityId === sent.messageId;

    // Bob presses it: refused in a reply of its own (the card keeps its button), nothing recorded.
    const refused = await sendAndWait(press(BOB), (c) => c.kind === 'create');
    expect(fake.calls.some(isCardUpdate)).toBe(false);
    expect(refused.body.summary).toBe(NOT_YOURS);
    expect(JSON.stringify(cardOf(refused))).toContain(NOT_YOURS);
    expect(await completionsOf(assignmentId)).toEqual([]);

    // Alice presses it: the cycle is recorded and the card becomes the done state, without its button.
    const updated = await sendAndWait(press(ALICE), isCardUpdate);
    const done = renderActivity(doneState(assignmentId, MONDAY, MONDAY));
    expect(updated.body).toMatchObject({ type: 'message', summary: done.summary, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: done.attachments[0]?.content }] });
    expect(submitActions(cardOf(updated))).toEqual([]);
    expect(JSON.stringify(cardOf(updated))).toContain('✓ Done — recorded Mon, Nov 30');
    expect(cardProblems(cardOf(updated))).toEqual([]);
    const alice = await t.db.selectFrom('members').select('id').where('external_id', '=', ALICE.id).executeTakeFirstOrThrow();
    expect(await completionsOf(assignmentId)).toEqual([{ assignment_id: assignmentId, cycle_start: MONDAY, completed_at: clock.now(), completed_by: alice.id }]);
    expect((await assignmentRow(assignmentId)).ended_at).toBeNull();

    // Pressed again: the same done state, still one completion.
    const again = await sendAndWait(press(ALICE), isCardUpdate);
    expect(again.body.summary).toBe(done.summary);
    expect(cardOf(again)).toEqual(done.attachments[0]?.content);
    expect(await completionsOf(assignmentId)).toHaveLength(1);
    expect(await doneAudits(assignmentId)).toHaveLength(1);
  });
});
