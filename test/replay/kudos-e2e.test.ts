/**
 * `/kudos` end to end through the real HTTP endpoints, with text meant to ping everyone in it:
 *
 * - Slack: a signed slash command to `POST /slack/events` is answered ephemerally in its ack; the
 *   committed effect goes to the real job queue (Redis), whose worker posts the day's kudos post, the
 *   kudos in its thread and the receiver's DM through the server's own outbound to a fake Slack;
 * - Teams: a `kudos` message activity naming a colleague by a Teams mention (`<at>…</at>` with its
 *   entity), signed as the Bot Framework signs it, to `POST /api/messages`; the job posts cards to the
 *   fake Bot Connector.
 *
 * Real server (`createPacerServer`), core, registry, PostgreSQL and Redis; only Slack's Web API and
 * Microsoft's key set and Bot Connector are fakes on loopback. No sleeps: every wait is on an event.
 */
import type { Worker } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobRuntime } from '../../jobs/runtime.ts';
import { fixedClock } from '../../src/bot/clock.ts';
import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import { completion, startJobs, stopJobs } from '../helpers/jobs.ts';
import { cardOf, slackTeamOfThree, startSlackReplay, startTeamsReplay, TEAMS_PEOPLE, teamsBot, type SlackReplay, type TeamsReplay } from '../helpers/replay.ts';
import { useTestDatabase } from '../helpers/test-db-hooks.ts';

/** Wednesday 18 November 2026, 11:00 in Ljubljana. */
const WED = new Date('2026-11-18T10:00:00Z');

const t = useTestDatabase();

const workspaceId = async (externalId: string): Promise<number> =>
  (await t.db.selectFrom('workspaces').select('id').where('external_id', '=', externalId).executeTakeFirstOrThrow()).id;
/** The kudos of a workspace with the external ids of their receivers. */
async function kudosOf(externalId: string): Promise<{ id: number; reason: string; receivers: string[] }[]> {
  const rows = await t.db.selectFrom('kudos').select(['id', 'reason']).where('workspace_id', '=', await workspaceId(externalId)).orderBy('id').execute();
  return Promise.all(rows.map(async (row) => ({
    ...row,
    receivers: (await t.db.selectFrom('kudos_receivers').innerJoin('members', 'members.id', 'kudos_receivers.member_id')
      .select('members.external_id').where('kudos_receivers.kudos_id', '=', row.id).orderBy('members.external_id').execute()).map((m) => m.external_id),
  })));
}
const jobPostsOf = async (externalId: string) =>
  t.db.selectFrom('job_posts').select(['kind', 'period', 'conversation_id', 'message_id']).where('workspace_id', '=', await workspaceId(externalId)).orderBy('id').execute();

/** Every string in a payload. */
function strings(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (Array.isArray(node)) return node.flatMap(strings);
  if (typeof node === 'object' && node !== null) return Object.values(node).flatMap(strings);
  return [];
}

// ==== Slack ======================================================================================

describe('Slack: /kudos through POST /slack/events, posted by the job', () => {
  const SECRET = 'kudos-e2e-signing-secret-0123456789';
  const TEAM = 'T0001';
  const clock = fixedClock(WED);

  let slack: SlackReplay;
  let runtime: JobRuntime;
  let worker: Worker;

  beforeAll(async () => {
    slack = await startSlackReplay({
      db: t.db, users: slackTeamOfThree(),
      signingSecret: SECRET, botToken: 'xoxb-kudos-e2e', team: TEAM, tag: 'kudos', clock, effects: (effects) => runtime.effects(effects),
    });
    ({ runtime, worker } = await startJobs(t.db, slack.pacer.outbound, clock));
  });

  afterAll(async () => {
    await stopJobs(runtime);
    await slack?.stop();
  });

  it('answers a /kudos with <!channel> in it ephemerally, and its posts reach Slack with every broadcast and mention escaped', async () => {
    expect((await slack.slash('UOLIVIA', 'pacer', 'config timezone Europe/Ljubljana')).status).toBe(200);
    expect(JSON.stringify((await slack.slash('UOLIVIA', 'pacer', 'config channel recognition <#CWINS|wins>')).ack)).toContain('CWINS');

    // Alice typed `<!channel>` literally (Slack escapes it) and picked @here, @channel and Olivia from the menu.
    const done = completion(worker, (job) => job.name === 'kudos.post');
    const { status, ack } = await slack.slash('UALICE', 'kudos', '<@UBOB|bob> for landing Globex &lt;!channel&gt; <!here> <!channel|@channel> thanks to <@UOLIVIA|olivia> &amp; team');
    expect(status).toBe(200);
    expect(ack.response_type).toBe('ephemeral');
    expect(ack.text).toBe("🙌 Kudos to Bob sent, with a direct message to them.\nIt goes in the thread of today's kudos post in CWINS.");

    const [kudos] = await kudosOf(TEAM);
    expect(kudos).toEqual({ id: kudos?.id, reason: 'landing Globex <!channel> @here @channel thanks to @Olivia & team', receivers: ['UBOB'] });
    const bob = (await t.db.selectFrom('members').select('id').where('external_id', '=', 'UBOB').executeTakeFirstOrThrow()).id;
    // The job's last run: the DM went out first; the thread post waited for the channel's next slot.
    expect((await done).result).toBe(`${bob}: duplicate, thread: posted`);

    const posts = slack.fake.callsTo('chat.postMessage');
    // The DM first (it does not depend on the channel), then the day's post and the kudos in its thread.
    const [dm, day, thread] = posts;
    expect(posts).toHaveLength(3);
    const dayTs = (await jobPostsOf(TEAM)).find((p) => p.kind === 'kudos.day')?.message_id;
    expect([day?.body.channel, day?.body.thread_ts]).toEqual(['CWINS', undefined]);
    expect([thread?.body.channel, thread?.body.thread_ts]).toEqual(['CWINS', dayTs]);
    expect(dm?.body.channel).toBe('DBOB');
    expect(String(day?.body.text)).toBe("🙌 Kudos · Wed, Nov 18\nToday's shout-outs are in the thread. Give one: /kudos @name for what they did");

    const escaped = 'landing Globex &lt;!channel&gt; @here @channel thanks to @Olivia &amp; team';
    expect(String(thread?.body.text)).toBe(`Bob · from Alice\n${escaped}`);
    expect(String(dm?.body.text)).toBe(`🙌 Kudos for you\nFrom Alice:\n${escaped}`);
    for (const post of [thread, dm]) expect(JSON.stringify(post?.body.blocks)).toContain(escaped);
    for (const post of posts) {
      const wire = JSON.stringify(post.body);
      expect(wire).not.toContain('<!');
      expect(wire).not.toContain('<@');
      expect(wire).not.toContain('<#');
    }
    expect((await jobPostsOf(TEAM)).map((p) => [p.kind, p.conversation_id])).toEqual([['kudos.dm', 'DBOB'], ['kudos.day', 'CWINS'], ['kudos', 'CWINS']]);
  });
});

// ==== Teams ======================================================================================

describe('Teams: a kudos message activity through POST /api/messages, posted by the job', () => {
  const CLIENT_ID = '00000000-0000-4000-8000-00000000c0d0';
  const TENANT = 'tenant-kudos';
  const BOT = teamsBot(CLIENT_ID);
  const { OLIVIA, ALICE, BOB } = TEAMS_PEOPLE;
  const CHANNEL_ID = '19:wins0123@thread.tacv2';
  const channel = { id: `${CHANNEL_ID};messageid=1700000000000`, conversationType: 'channel', tenantId: TENANT, isGroup: true };
  const mention = (who: { id: string; name: string }) => ({ type: 'mention', text: `<at>${who.name}</at>`, mentioned: { id: who.id, name: who.name } });
  const clock = fixedClock(WED);

  let teams: TeamsReplay;
  let runtime: JobRuntime;
  let worker: Worker;

  beforeAll(async () => {
    teams = await startTeamsReplay({ db: t.db, clientId: CLIENT_ID, tenant: TENANT, tag: 'kudos', clock, effects: (effects) => runtime.effects(effects) });
    ({ runtime, worker } = await startJobs(t.db, teams.pacer.outbound, clock));
  });

  afterAll(async () => {
    await stopJobs(runtime);
    await teams?.stop();
    // Every card Pacer sent here passed the official Adaptive Cards parser.
    expect(teams?.fake.invalidCards).toEqual([]);
  });

  it('gives the mentioned colleague kudos, and the posted cards carry no mention for the text typed into it', async () => {
    // Olivia installs Pacer (and so administers it) and makes the wins channel the recognition channel.
    expect(await teams.send({ ...teams.activity(OLIVIA, teams.personal(OLIVIA), {}), type: 'installationUpdate', action: 'add' })).toBe(200);
    expect(await teams.say(OLIVIA, channel, `<at>${BOT.name}</at> pacer config channel recognition here`, [mention(BOT)])).toContain(CHANNEL_ID);

    // Alice names Bob by a Teams mention, Olivia by another inside the reason, and types `<at>Olivia Owner</at>`
    // and `<!channel>` as text (Teams sends what a person types with `<` and `>` as entities).
    const done = completion(worker, (job) => job.name === 'kudos.post');
    // The job may start before the reply reaches Alice (effects are handed over on commit): count from here.
    const before = teams.fake.calls.length;
    const reply = await teams.say(
      ALICE, teams.personal(ALICE),
      `kudos <at>${BOB.name}</at> for landing Globex with <at>${OLIVIA.name}</at> &lt;at&gt;Olivia Owner&lt;/at&gt; &lt;!channel&gt; <at>Mallory</at>`,
      [mention(BOB), mention(OLIVIA)],
    );
    expect(reply).toBe(`🙌 Kudos to ${BOB.name} sent, with a direct message to them.\nIt goes in the thread of today's kudos post in ${CHANNEL_ID}.`);
    const [kudos] = await kudosOf(TENANT);
    expect(kudos).toEqual({ id: kudos?.id, reason: 'landing Globex with @Olivia Owner <at>Olivia Owner</at> <!channel> Mallory', receivers: [BOB.id] });
    const bob = (await t.db.selectFrom('members').select('id').where('external_id', '=', BOB.id).executeTakeFirstOrThrow()).id;
    // The job's last run: the DM went out first; the thread post waited for the channel's next slot.
    expect((await done).result).toBe(`${bob}: duplicate, thread: posted`);

    // A new 1:1 chat with Bob and the DM in it, then the day's post in the channel and the kudos in its thread.
    const posted = teams.fake.calls.slice(before).filter((c) => c.kind === 'create' && c.conversationId !== teams.personal(ALICE).id);
    const rows = await jobPostsOf(TENANT);
    const dayId = rows.find((p) => p.kind === 'kudos.day')?.message_id;
    const dmId = rows.find((p) => p.kind === 'kudos.dm')?.conversation_id;
    expect(rows.map((p) => p.kind)).toEqual(['kudos.dm', 'kudos.day', 'kudos']);
    expect(posted.map((c) => c.conversationId)).toEqual([dmId, CHANNEL_ID, `${CHANNEL_ID};messageid=${dayId}`]);
    expect(teams.fake.calls.slice(before).filter((c) => c.kind === 'conversation').map((c) => c.body.members)).toEqual([[{ id: BOB.id, role: 'user' }]]);
    const [dm, , thread] = posted;
    expect(thread?.body.summary).toBe(`${BOB.name} · from ${ALICE.name}\nlanding Globex with @Olivia Owner <at>Olivia Owner</at> <!channel> Mallory`);
    expect(dm?.body.summary).toBe(`🙌 Kudos for you\nFrom ${ALICE.name}:\nlanding Globex with @Olivia Owner <at>Olivia Owner</at> <!channel> Mallory`);

    for (const call of posted) {
      // No mention entity anywhere: not on the activity, not in the card.
      expect(call.body.entities ?? []).toEqual([]);
      const card = cardOf(call);
      expect(cardProblems(card)).toEqual([]);
      expect(JSON.stringify(card)).not.toMatch(/"entities"|"mention"/);
      // Every `<` and `>` of the card's text is backslash-escaped: no `<at>…</at>` for Teams to take as a mention.
      for (const text of strings(card)) expect(text).not.toMatch(/(^|[^\\])[<>]/);
    }
    for (const call of [thread, dm]) {
      expect(JSON.stringify(cardOf(call))).toContain('landing Globex with @Olivia Owner \\\\<at\\\\>Olivia Owner\\\\</at\\\\> \\\\<!channel\\\\> Mallory');
    }
  });
});
