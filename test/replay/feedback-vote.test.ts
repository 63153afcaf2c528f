/**
 * The +1 button of the Friday "what works" post, end to end through the real HTTP endpoints: the post
 * is composed and delivered by the job's own handler (`postWhatWorks`, through deliverOnce and Pacer's
 * outbound) to a fake platform at a fixed clock, so the button clicked is the one that was rendered
 * and sent. The click then comes back as the platform sends it:
 *
 * - Slack: a signed `block_actions` payload to `POST /slack/events`, answered through a loopback
 *   response_url (`replace_original` for a vote, an ephemeral notice beside the post for a refusal);
 * - Teams: an `Action.Submit` message activity (its `value` the button's data, `replyToId` the card),
 *   signed as the Bot Framework signs it, to `POST /api/messages`; a vote updates the card in place
 *   (PUT), a refusal is a reply of its own.
 *
 * Real server (`createPacerServer`), real core and registry, real PostgreSQL; only Slack's Web API and
 * Microsoft's key set and Bot Connector are fakes on loopback. No sleeps: every wait is on an event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PacerServer } from '../../adapters/http/pacer-server.ts';
import { renderMessage } from '../../adapters/slack/render.ts';
import { escapeTeamsText } from '../../adapters/teams/escape.ts';
import { renderActivity } from '../../adapters/teams/render.ts';
import type { JobDeps, JobRun } from '../../jobs/handlers/context.ts';
import { postWhatWorks } from '../../jobs/handlers/what-works.ts';
import { fixedClock, type Clock } from '../../src/bot/clock.ts';
import { parseVoteValue, voteValue } from '../../src/domain/feedback/feedback.ts';
import { whatWorks, whatWorksMessage } from '../../src/domain/feedback/what-works.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import type { Message } from '../../src/messages/message.ts';
import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import { createTestCore, person } from '../helpers/core.ts';
import type { ConnectorCall } from '../helpers/fake-bot-connector.ts';
import {
  cardOf, mustPostNow, silent, slackButtonMessage, slackProfile, startSlackReplay, startTeamsReplay, submitActions, TEAMS_PEOPLE, teamsBot,
  type SlackButtonMessage, type SlackReplay, type TeamsAccount, type TeamsReplay,
} from '../helpers/replay.ts';
import { useTestDatabase } from '../helpers/test-db-hooks.ts';

const TECHNIQUE = 'Leading with the ROI calculator closed Globex';
/** Wednesday 18 November 2026: when the week's deal and technique are written. */
const WED = new Date('2026-11-18T10:00:00Z');
/** Friday 20 November 2026, 15:00 in Ljubljana: when the weekly post goes out. */
const FRI = new Date('2026-11-20T14:00:00Z');
const ALREADY = 'You have already given this technique a +1 (it has 1 in all).';
const OWN = 'That is your own technique: +1s are for colleagues to give.';

const t = useTestDatabase();
const t_en = translator('en');
const fmt_en = createFormats('en');

const workspaceRow = (externalId: string) => t.db.selectFrom('workspaces').selectAll().where('external_id', '=', externalId).executeTakeFirstOrThrow();
const memberOf = async (workspaceExternalId: string, externalId: string): Promise<number> =>
  (await t.db.selectFrom('members').innerJoin('workspaces', 'workspaces.id', 'members.workspace_id').select('members.id')
    .where('workspaces.external_id', '=', workspaceExternalId).where('members.external_id', '=', externalId).executeTakeFirstOrThrow()).id;
/** The one technique the workspace has this week. */
const techniqueOf = async (workspaceExternalId: string): Promise<{ id: number; member_id: number; deal_id: bigint | null }> =>
  t.db.selectFrom('feedback').innerJoin('workspaces', 'workspaces.id', 'feedback.workspace_id').select(['feedback.id', 'feedback.member_id', 'feedback.deal_id'])
    .where('workspaces.external_id', '=', workspaceExternalId).where('feedback.kind', '=', 'technique').executeTakeFirstOrThrow();
const votesOn = (feedbackId: number) =>
  t.db.selectFrom('feedback_votes').selectAll().where('feedback_id', '=', feedbackId).execute();
const voteAudits = (feedbackId: number) =>
  t.db.selectFrom('audit_log').select(['actor_member_id', 'subject', 'details']).where('action', '=', 'feedback.vote').where('subject', '=', `feedback:${feedbackId}`).execute();

/** The post as the job would build it now for the window a button names (the workspace's language). */
async function postNow(workspaceExternalId: string, value: string): Promise<Message> {
  const post = parseVoteValue(value)?.post;
  if (post === undefined) throw new Error(`the button names no post: ${value}`);
  return whatWorksMessage(await whatWorks(t.db, { workspace: await workspaceRow(workspaceExternalId), ...post }), t_en, fmt_en);
}

/**
 * What the Friday job does when it fires at the clock's now: `postWhatWorks` composes the week's post
 * for every goals channel and delivers it once through Pacer's outbound. Returns where it went.
 */
async function runWhatWorksJob(pacer: PacerServer, clock: Clock, workspaceExternalId: string): Promise<{ conversationId: string; messageId: string }> {
  const never = (what: string) => () => Promise.reject(new Error(`the what-works job used ${what}`));
  const deps: JobDeps = {
    db: t.db, outbound: pacer.outbound, clock, logger: silent(),
    schedulers: { syncAssignments: never('schedulers'), reconcile: never('schedulers'), remove: never('schedulers') },
    enqueueAt: never('enqueueAt'),
  };
  const run: JobRun = { ...mustPostNow, id: 'whatworks-1' };
  const workspace = await workspaceRow(workspaceExternalId);
  const outcome = await postWhatWorks(deps, run, workspace);
  expect(outcome).toMatch(/: posted$/);
  const post = await t.db.selectFrom('job_posts').select(['conversation_id', 'message_id'])
    .where('workspace_id', '=', workspace.id).where('kind', '=', 'whatworks.weekly').executeTakeFirstOrThrow();
  if (post.conversation_id === null || post.message_id === null) throw new Error('job_posts has no conversation or message id');
  return { conversationId: post.conversation_id, messageId: post.message_id };
}

// ==== Slack ======================================================================================

describe('Slack: the +1 button through POST /slack/events', () => {
  const SECRET = 'feedback-vote-signing-secret-0123456789';
  const TEAM = 'T0001';
  const CHANNEL = 'C0SALES';
  // The week so far in Ljubljana: Monday 16 November 00:00 to the end of Friday.
  const FROM = new Date('2026-11-15T23:00:00Z');
  const TO = new Date('2026-11-20T23:00:00Z');
  const clock = fixedClock(FRI);

  let slack: SlackReplay;
  let feedbackId: number;
  let post: SlackButtonMessage;

  beforeAll(async () => {
    slack = await startSlackReplay({
      db: t.db, users: { UOLIVIA: slackProfile('UOLIVIA', 'Olivia'), UALICE: slackProfile('UALICE', 'Alice'), UBOB: slackProfile('UBOB', 'Bob') },
      signingSecret: SECRET, botToken: 'xoxb-feedback-vote', team: TEAM, tag: 'vote', clock, clickTs: 1763647200,
    });

    // The week, written through the core's own commands on Wednesday.
    const people = [person('UOLIVIA', 'Olivia', { isPlatformAdmin: true }), person('UALICE', 'Alice'), person('UBOB', 'Bob')];
    const core = createTestCore(t.db, people, { at: WED, workspace: { platform: 'slack', externalId: TEAM, name: 'Acme' } });
    await core.say('UOLIVIA', 'pacer', 'config timezone Europe/Ljubljana');
    expect(await core.say('UOLIVIA', 'pacer', `config channel goals <#${CHANNEL}>`)).toContain(CHANNEL);
    expect(await core.say('UALICE', 'deal', '12500 Globex product: Widgets')).toContain('Logged D-1');
    expect(await core.say('UALICE', 'feedback', `technique ${TECHNIQUE} deal D-1`)).toContain('Tied to deal D-1, Globex, €12,500.');
    await core.say('UBOB', 'feedback', 'list');
    feedbackId = (await techniqueOf(TEAM)).id;

    // Friday: the job posts the week to the goals channel; the button is read from what Slack received.
    const before = slack.fake.calls.length;
    const sent = await runWhatWorksJob(slack.pacer, clock, TEAM);
    const posted = slack.fake.calls.slice(before).find((c) => c.method === 'chat.postMessage');
    if (posted === undefined) throw new Error('the post was not sent to Slack');
    post = slackButtonMessage(posted, { ...sent, channelName: 'sales' });
  });

  afterAll(async () => {
    await slack?.stop();
  });

  /** `user` clicks the +1 on the post, as Slack posts it: block_actions with a response_url, signed with `secret`. */
  const click = (user: string, secret = SECRET) => slack.click(user, post, { secret });
  /** The texts of a Block Kit message's context blocks (where each technique's byline sits). */
  const contextTexts = (blocks: unknown): string[] =>
    (blocks as Record<string, unknown>[]).filter((b) => b.type === 'context').flatMap((b) => (b.elements as { text: string }[]).map((e) => e.text));
  /** A refusal: said to the clicker alone, beside the post, which keeps its button and count. */
  function expectNotice(answer: Record<string, unknown>, text: string): void {
    expect(answer).toMatchObject({ response_type: 'ephemeral', replace_original: false, text });
    expect(answer.blocks).toEqual([{ type: 'section', text: expect.objectContaining({ text }) }]);
    expect(slack.fake.callsTo('chat.update')).toEqual([]);
  }

  it('posts the week to the goals channel, the technique with no +1s yet and a +1 button naming it and the week', async () => {
    expect(post.channel).toBe(CHANNEL);
    expect(post.blocks).toEqual(renderMessage(await postNow(TEAM, voteValue(feedbackId, { from: FROM, to: TO, teamId: null }))).blocks);
    expect(post.button).toMatchObject({ type: 'button', action_id: 'feedback.vote', value: voteValue(feedbackId, { from: FROM, to: TO, teamId: null }) });
    expect(contextTexts(post.blocks)).toContain('Alice · no +1s yet · deal D-1, Globex, €12,500');
    expect(await votesOn(feedbackId)).toEqual([]);
  });

  it('counts Bob’s +1 and replaces the post with the whole week again, showing 1 +1', async () => {
    const { status, text, respondId } = await click('UBOB');
    expect(status).toBe(200);
    expect(text).toBe('');
    const answer = await slack.answerTo(respondId);
    expect(answer).toEqual({ replace_original: true, ...renderMessage(await postNow(TEAM, String(post.button.value))) });
    expect(contextTexts(answer.blocks)).toContain('Alice · 1 +1 · deal D-1, Globex, €12,500');
    expect(contextTexts(answer.blocks)).not.toContain('Alice · no +1s yet · deal D-1, Globex, €12,500');
    // Still the whole post, with its button, so others can +1 too.
    expect(JSON.stringify(answer.blocks)).toContain(`"value":"${String(post.button.value)}"`);
    expect(String(answer.text)).toContain('What works');

    const bob = await memberOf(TEAM, 'UBOB');
    expect(await votesOn(feedbackId)).toEqual([{ feedback_id: feedbackId, member_id: bob, created_at: FRI }]);
    expect(await voteAudits(feedbackId)).toEqual([{ actor_member_id: bob, subject: `feedback:${feedbackId}`, details: { author: 'Alice' } }]);
  });

  it('refuses Bob’s second +1 with a notice beside the post, and counts nothing more', async () => {
    const { status, respondId } = await click('UBOB');
    expect(status).toBe(200);
    expectNotice(await slack.answerTo(respondId), ALREADY);
    expect(await votesOn(feedbackId)).toHaveLength(1);
    expect(await voteAudits(feedbackId)).toHaveLength(1);
  });

  it('refuses Alice’s +1 on her own technique with a notice, and counts nothing', async () => {
    const { status, respondId } = await click('UALICE');
    expect(status).toBe(200);
    expectNotice(await slack.answerTo(respondId), OWN);
    expect((await votesOn(feedbackId)).map((v) => v.member_id)).toEqual([await memberOf(TEAM, 'UBOB')]);
    expect(await voteAudits(feedbackId)).toHaveLength(1);
  });

  it('refuses a click Slack did not sign with 401, and it reaches nothing', async () => {
    const before = slack.fake.calls.length;
    const { status } = await click('UOLIVIA', 'not-the-signing-secret');
    expect(status).toBe(401);
    expect(slack.fake.calls.length).toBe(before);
    expect(await votesOn(feedbackId)).toHaveLength(1);
    expect(await voteAudits(feedbackId)).toHaveLength(1);
  });
});

// ==== Teams ======================================================================================

describe('Teams: the +1 button through POST /api/messages', () => {
  const CLIENT_ID = '00000000-0000-4000-8000-0000f00dba11';
  const TENANT = 'tenant-feedback';
  const BOT = teamsBot(CLIENT_ID);
  const { OLIVIA, ALICE, BOB } = TEAMS_PEOPLE;
  const CHANNEL_ID = '19:sales0123@thread.tacv2';
  const channel = (root: string) => ({ id: `${CHANNEL_ID};messageid=${root}`, conversationType: 'channel', tenantId: TENANT, isGroup: true });
  // The week so far in the workspace's zone (UTC: Teams tells a bot no time zone).
  const FROM = new Date('2026-11-16T00:00:00Z');
  const TO = new Date('2026-11-21T00:00:00Z');
  const clock = fixedClock(WED);

  let teams: TeamsReplay;

  beforeAll(async () => {
    teams = await startTeamsReplay({ db: t.db, clientId: CLIENT_ID, tenant: TENANT, tag: 'vote', clock });
  });

  afterAll(async () => {
    await teams?.stop();
    // Every card Pacer sent here passed the official Adaptive Cards parser.
    expect(teams?.fake.invalidCards).toEqual([]);
  });
  /** A reply of its own, not an update: the notice alone, as Teams shows text (markdown-escaped). */
  function expectNotice(call: ConnectorCall, text: string): void {
    expect(call.kind).toBe('create');
    expect(call.body.summary).toBe(text);
    expect(cardOf(call)).toMatchObject({ type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: escapeTeamsText(text) }] });
    expect(submitActions(cardOf(call))).toEqual([]);
    expect(cardProblems(cardOf(call))).toEqual([]);
  }

  it('counts a colleague’s +1 from the posted card and updates it in place; a second +1 and one’s own are refused beside it', async () => {
    // Olivia installs Pacer (and administers it) and makes the sales channel the goals channel.
    expect(await teams.send({ ...teams.activity(OLIVIA, teams.personal(OLIVIA), {}), type: 'installationUpdate', action: 'add' })).toBe(200);
    const mentionBot = { type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT };
    expect(await teams.say(OLIVIA, channel('1700000000000'), `<at>${BOT.name}</at> pacer config channel goals here`, [mentionBot])).toContain(CHANNEL_ID);
    // Alice logs a deal and the technique that won it, on Wednesday.
    expect(await teams.say(ALICE, teams.personal(ALICE), 'deal 12500 Globex product: Widgets')).toContain('Logged D-1');
    expect(await teams.say(ALICE, teams.personal(ALICE), `feedback technique ${TECHNIQUE} deal D-1`)).toContain('Tied to deal D-1, Globex, €12,500.');
    const technique = await techniqueOf(TENANT);
    const alice = await memberOf(TENANT, ALICE.id);
    expect(technique.member_id).toBe(alice);

    // Friday 15:00: the job posts the week to the channel.
    clock.set(FRI);
    const before = teams.fake.calls.length;
    const sent = await runWhatWorksJob(teams.pacer, clock, TENANT);
    const posted = teams.fake.calls.slice(before).find((c) => c.kind === 'create');
    if (posted === undefined) throw new Error('the what-works card was not posted');
    expect([posted.conversationId, sent.conversationId]).toEqual([CHANNEL_ID, CHANNEL_ID]);
    const value = voteValue(technique.id, { from: FROM, to: TO, teamId: null });
    expect(cardOf(posted)).toEqual(renderActivity(await postNow(TENANT, value)).attachments[0]?.content);
    expect(JSON.stringify(cardOf(posted))).toContain('Alice Novak · no +1s yet · deal D-1, Globex, €12,500');
    // The button as rendered: Teams sends its `data` back as the activity's `value` when pressed.
    const [button, ...others] = submitActions(cardOf(posted));
    expect(others).toEqual([]);
    expect(button).toMatchObject({ type: 'Action.Submit', data: { action: 'feedback.vote', value } });
    const press = (from: TeamsAccount) => teams.activity(from, channel(sent.messageId), { value: button?.data, replyToId: sent.messageId });
    const isCardUpdate = (c: ConnectorCall) => c.kind === 'update' && c.activityId === sent.messageId;

    // Bob's +1: counted, and the card becomes the whole week again with 1 +1.
    const updated = await teams.sendAndWait(press(BOB), isCardUpdate);
    const expected = renderActivity(await postNow(TENANT, value));
    expect(updated.body).toMatchObject({ type: 'message', summary: expected.summary, attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: expected.attachments[0]?.content }] });
    expect(JSON.stringify(cardOf(updated))).toContain('Alice Novak · 1 +1 · deal D-1, Globex, €12,500');
    expect(JSON.stringify(cardOf(updated))).not.toContain('no +1s yet');
    expect(submitActions(cardOf(updated)).map((a) => a.data)).toEqual([{ action: 'feedback.vote', value }]);
    expect(cardProblems(cardOf(updated))).toEqual([]);
    const bob = await memberOf(TENANT, BOB.id);
    expect(await votesOn(technique.id)).toEqual([{ feedback_id: technique.id, member_id: bob, created_at: FRI }]);
    expect(await voteAudits(technique.id)).toEqual([{ actor_member_id: bob, subject: `feedback:${technique.id}`, details: { author: ALICE.name } }]);
    const updates = () => teams.fake.calls.filter(isCardUpdate).length;
    expect(updates()).toBe(1);

    // Bob again: a reply of its own in the thread (the card keeps its count), nothing counted.
    const again = await teams.sendAndWait(press(BOB), (c) => c.kind === 'create');
    expectNotice(again, ALREADY);
    expect(updates()).toBe(1);
    expect(await votesOn(technique.id)).toHaveLength(1);
    expect(await voteAudits(technique.id)).toHaveLength(1);

    // Alice on her own technique: refused the same way, nothing counted.
    const own = await teams.sendAndWait(press(ALICE), (c) => c.kind === 'create');
    expectNotice(own, OWN);
    expect(updates()).toBe(1);
    expect((await votesOn(technique.id)).map((v) => v.member_id)).toEqual([bob]);
    expect(await voteAudits(technique.id)).toHaveLength(1);
  });
});
