import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/render.ts';
import { renderActivity } from '../../adapters/teams/render.ts';
import type { WorkspaceRef } from '../../src/bot/ports.ts';
import { composeTeamDigest } from '../../src/domain/digest/digest.compose.ts';
import { whatWorks, whatWorksMessage } from '../../src/domain/feedback/what-works.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import type { Message } from '../../src/messages/message.ts';
import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { seedDeal, type SeededDealOptions, type SeededDealStage } from '../helpers/seed-deals.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

const PEOPLE = [person('UADMIN', 'Olivia', { isPlatformAdmin: true }), person('UMIA', 'Mia'), person('UALICE', 'Alice'), person('UBOB', 'Bob'), person('UCAROL', 'Carol')];
const T1: WorkspaceRef = { platform: 'slack', externalId: 'T1', name: 'Acme Sales' };
/** Monday 7 December 2026, 08:00 in Ljubljana: the digest covers Monday 30 November – Sunday 6 December. */
const MONDAY_8 = new Date('2026-12-07T07:00:00Z');

let t: TestDatabase;
let tc: TestCore;
let workspace: Awaited<ReturnType<typeof workspaceRow>>;
let east: { id: number; name: string };

const workspaceRow = () => t.db.selectFrom('workspaces').selectAll().executeTakeFirstOrThrow();

/** A deal of team East written straight to the table, at a given instant (the history before Pacer's clock). */
const deal = (userId: string, stage: SeededDealStage, at: string, extra: SeededDealOptions = {}): Promise<void> =>
  seedDeal(t.db, { workspaceId: workspace.id, teamId: east.id }, userId, stage, at, extra);

const sayAt = async (at: string, userId: string, command: string, text: string): Promise<string> => {
  tc.clock.set(new Date(at));
  return tc.say(userId, command, text);
};

/** Both renderings of a message; the card must satisfy the official Adaptive Cards parser. */
function rendered(message: Message) {
  const slack = renderMessage(message);
  const card = renderActivity(message).attachments[0].content;
  expect(cardProblems(card)).toEqual([]);
  return { slack, card };
}

/** What every card has around its body. */
const CARD = { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', msteams: { width: 'Full' } };
const tableRow = (cells: string[]) => ({ type: 'TableRow', cells: cells.map((text) => ({ type: 'TableCell', items: [{ type: 'TextBlock', text, wrap: true }] })) });
const headerRow = (cells: string[]) => ({ type: 'TableRow', cells: cells.map((text) => ({ type: 'TableCell', items: [{ type: 'TextBlock', text, wrap: true, weight: 'Bolder' }] })) });
/** The digest's rep table: name, goal and training are text; won and lost are numbers, right-aligned. */
const REP_COLUMNS = [{ width: 3 }, { width: 3 }, { width: 2, horizontalCellContentAlignment: 'Right' }, { width: 2, horizontalCellContentAlignment: 'Right' }, { width: 3 }];

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());
beforeEach(async () => {
  await truncateAll(t.db);
  tc = createTestCore(t.db, PEOPLE, { at: new Date('2026-12-01T09:00:00Z') });
  for (const line of ['config timezone Europe/Ljubljana', 'role <@UMIA> manager', 'team create East', 'team add <@UALICE> East', 'team add <@UBOB> East', 'team add <@UCAROL> East']) {
    await tc.say('UADMIN', 'pacer', line);
  }
  await tc.say('UMIA', 'goal', 'set team East 10000 month');
  await tc.say('UMIA', 'goal', 'set <@UALICE> 5000 month');
  workspace = await workspaceRow();
  east = await t.db.selectFrom('teams').select(['id', 'name']).executeTakeFirstOrThrow();
});

/** The week of 30 November: deals, a technique with two +1s tied to D-1, a customer note, training. */
async function seedWeek(): Promise<void> {
  // Training since 18 November: Bob never did his (overdue); Alice did the cycle of 30 November.
  await sayAt('2026-11-18T09:00:00Z', 'UMIA', 'training', 'add "Negotiation 101" https://lms.example.com/neg101');
  await tc.say('UMIA', 'training', 'assign "Negotiation 101" <@UBOB> every monday');
  await tc.say('UMIA', 'training', 'assign "Negotiation 101" <@UALICE> every monday');
  await sayAt('2026-12-02T09:00:00Z', 'UALICE', 'training', 'done "Negotiation 101"');
  // The week: Alice won D-1 and delivered one won on 20 November after 12 days; Carol won a bigger one; Bob lost three.
  await deal('UALICE', 'won', '2026-12-01T10:00:00Z', { customer: 'Globex & Sons' });
  await deal('UALICE', 'delivered', '2026-11-20T10:00:00Z', { deliveredAfterDays: 12 });
  await deal('UCAROL', 'won', '2026-12-03T10:00:00Z', { product: 'Gadgets', amountMinor: 250_000n });
  await deal('UBOB', 'lost', '2026-12-02T10:00:00Z', { reason: 'price' });
  await deal('UBOB', 'lost', '2026-12-03T10:00:00Z', { reason: 'price' });
  await deal('UBOB', 'lost', '2026-12-04T10:00:00Z', { reason: 'product' });
  // The usual (the eight weeks before): three lost on product, one on price; a delivery took 4 days.
  for (const [day, reason] of [['2026-10-12', 'product'], ['2026-10-19', 'product'], ['2026-10-26', 'price'], ['2026-11-02', 'product']] as const) {
    await deal('UBOB', 'lost', `${day}T10:00:00Z`, { reason });
  }
  await deal('UALICE', 'delivered', '2026-10-05T10:00:00Z', { deliveredAfterDays: 4 });
  // Won on 10 November, still not delivered: stale.
  await deal('UALICE', 'won', '2026-11-10T10:00:00Z');
  // What the team said: Alice's technique (tied to D-1) gets +1s from Bob and Carol; Bob heard a customer.
  await sayAt('2026-12-02T10:00:00Z', 'UALICE', 'feedback', 'technique Open with the *ROI* calculator & ask for the budget_owner deal D-1');
  await sayAt('2026-12-03T10:00:00Z', 'UBOB', 'feedback', 'customer They\'d sign if billing were "annual" & in EUR');
  const technique = (await t.db.selectFrom('feedback').select('id').where('kind', '=', 'technique').executeTakeFirstOrThrow()).id;
  for (const voter of ['UBOB', 'UCAROL']) await tc.core.handleAction({ workspace: T1, userId: voter, actionId: 'feedback.vote', value: String(technique) });
  tc.clock.set(MONDAY_8);
}

describe('the weekly digest, exactly as each platform gets it', () => {
  it('a small team: goals, the week, loss reasons, delivery, training, what the team heard, the diagnosis, each rep', async () => {
    await seedWeek();
    const { head, pages } = await composeTeamDigest(t.db, workspace, east, MONDAY_8);
    expect(pages).toEqual([]);
    const { slack, card } = rendered(head);
    // December so far: €3,500 won (D-1 €1,000, Carol's €2,500) of €10,000; 5 of 23 working days gone
    // (today counts), so €2,174 was due: ahead. Alice: €1,000 of €5,000 = 20%, just under 5/23: behind.
    // Losses scaled to this week's 3: price usually 1 of 4 → 1 of 3, product 3 of 4 → 2 of 3.
    expect(slack).toEqual({
      text: [
        'Weekly digest · Team East · Mon, Nov 30 – Sun, Dec 6',
        'Team East · Month',
        '€3,500 of €10,000 this month — ahead of pace, 18 working days left',
        'Projected €16,100 by the end of the month · goal reached on Mon, Dec 21 at this pace · €361 per working day to get there',
        'Last week: 2 won, 3 lost',
        '',
        'Why deals were lost',
        'price: 2 of 3 lost deals (usually 1 of 3)',
        'product: 1 of 3 lost deals (usually 2 of 3)',
        'Delivery',
        'Median 12 days from won to delivered (usually 4)',
        '1 deal won but not delivered for over 14 days',
        'Training',
        '0 of 2 assignments done this cycle · 1 rep with training overdue',
        'Overdue: Bob',
        'What the team heard',
        'Customer: “They\'d sign if billing were "annual" &amp; in EUR” — Bob',
        'Technique: “Open with the *ROI* calculator &amp; ask for the budget_owner” — Alice',
        'Diagnosis: Team East, this month',
        'On pace. What is working:',
        "• Carol leads with €2,500 won this month; the team's median is €500",
        'Reps to coach: Bob (price)',
        '',
        'Reps',
        'Rep    Goal               Won  Lost  Training',
        'Alice  20% · behind pace    1     0  0/1',
        'Bob    no goal              0     3  1 overdue',
        'Carol  no goal              1     0  —',
      ].join('\n'),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Weekly digest · Team East · Mon, Nov 30 – Sun, Dec 6', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Team East · Month*' } },
        { type: 'section', text: { type: 'mrkdwn', text: '€3,500 of €10,000 this month — ahead of pace, 18 working days left' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Projected €16,100 by the end of the month · goal reached on Mon, Dec 21 at this pace · €361 per working day to get there' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Last week: 2 won, 3 lost' }] },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: '*Why deals were lost*' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'price: 2 of 3 lost deals (usually 1 of 3)\nproduct: 1 of 3 lost deals (usually 2 of 3)' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Delivery*' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Median 12 days from won to delivered (usually 4)\n1 deal won but not delivered for over 14 days' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Training*' } },
        { type: 'section', text: { type: 'mrkdwn', text: '0 of 2 assignments done this cycle · 1 rep with training overdue\nOverdue: Bob' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*What the team heard*' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Customer: “They\'d sign if billing were "annual" &amp; in EUR” — Bob\nTechnique: “Open with the *ROI* calculator &amp; ask for the budget_owner” — Alice' } },
        { type: 'section', text: { type: 'mrkdwn', text: '*Diagnosis: Team East, this month*' } },
        { type: 'section', text: { type: 'mrkdwn', text: "On pace. What is working:\n• Carol leads with €2,500 won this month; the team's median is €500" } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Reps to coach: Bob (price)' }] },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: '*Reps*' } },
        { type: 'section', text: { type: 'mrkdwn', text: '_Rep — Goal · Won · Lost · Training_\n*Alice* — 20% · behind pace · 1 · 0 · 0/1\n*Bob* — no goal · 0 · 3 · 1 overdue\n*Carol* — no goal · 1 · 0 · —' } },
      ],
    });
    expect(card).toEqual({ ...CARD, body: [
      { type: 'TextBlock', text: 'Weekly digest · Team East · Mon, Nov 30 – Sun, Dec 6', size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'TextBlock', text: 'Team East · Month', wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: '€3,500 of €10,000 this month — ahead of pace, 18 working days left', wrap: true },
      { type: 'TextBlock', text: 'Projected €16,100 by the end of the month · goal reached on Mon, Dec 21 at this pace · €361 per working day to get there', wrap: true, isSubtle: true, size: 'Small' },
      { type: 'TextBlock', text: 'Last week: 2 won, 3 lost', wrap: true, isSubtle: true, size: 'Small' },
      { type: 'TextBlock', text: 'Why deals were lost', wrap: true, weight: 'Bolder', separator: true },
      { type: 'TextBlock', text: 'price: 2 of 3 lost deals \\(usually 1 of 3\\)\n\nproduct: 1 of 3 lost deals \\(usually 2 of 3\\)', wrap: true },
      { type: 'TextBlock', text: 'Delivery', wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: 'Median 12 days from won to delivered \\(usually 4\\)\n\n1 deal won but not delivered for over 14 days', wrap: true },
      { type: 'TextBlock', text: 'Training', wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: '0 of 2 assignments done this cycle · 1 rep with training overdue\n\nOverdue: Bob', wrap: true },
      { type: 'TextBlock', text: 'What the team heard', wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: 'Customer: “They\'d sign if billing were "annual" \\& in EUR” — Bob\n\nTechnique: “Open with the \\*ROI\\* calculator \\& ask for the budget\\_owner” — Alice', wrap: true },
      { type: 'TextBlock', text: 'Diagnosis: Team East, this month', wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: "On pace. What is working:\n\n• Carol leads with €2,500 won this month; the team's median is €500", wrap: true },
      { type: 'TextBlock', text: 'Reps to coach: Bob \\(price\\)', wrap: true, isSubtle: true, size: 'Small' },
      { type: 'TextBlock', text: 'Reps', wrap: true, weight: 'Bolder', separator: true },
      { type: 'Table', columns: REP_COLUMNS, firstRowAsHeaders: true, rows: [
        headerRow(['Rep', 'Goal', 'Won', 'Lost', 'Training']),
        tableRow(['Alice', '20% · behind pace', '1', '0', '0/1']),
        tableRow(['Bob', 'no goal', '0', '3', '1 overdue']),
        tableRow(['Carol', 'no goal', '1', '0', '—']),
      ] },
    ] });
  });

  it('a team of 27: the head points to the thread, the second page holds the last two reps', async () => {
    await t.db.insertInto('members').values(Array.from({ length: 24 }, (_, i) => ({
      workspace_id: workspace.id, external_id: `UREP${i}`, display_name: i === 23 ? 'Rep 23 <!channel> & Co' : `Rep ${String(i).padStart(2, '0')}`,
      timezone: null, locale: null, team_id: east.id, profile_synced_at: null,
    }))).execute();
    await deal('UREP23', 'won', '2026-12-02T10:00:00Z');
    const { head, pages } = await composeTeamDigest(t.db, workspace, east, MONDAY_8);
    expect(pages).toHaveLength(2);

    const top = rendered(head);
    expect(top.slack.text.endsWith("\n\nReps\nEach rep's line follows in the thread (27 reps).")).toBe(true);
    expect(top.slack.blocks.slice(-3)).toEqual([
      { type: 'divider' },
      { type: 'section', text: { type: 'mrkdwn', text: '*Reps*' } },
      { type: 'section', text: { type: 'mrkdwn', text: "Each rep's line follows in the thread (27 reps)." } },
    ]);
    expect(top.card.body.slice(-2)).toEqual([
      { type: 'TextBlock', text: 'Reps', wrap: true, weight: 'Bolder', separator: true },
      { type: 'TextBlock', text: "Each rep's line follows in the thread \\(27 reps\\).", wrap: true },
    ]);

    // The first page: a heading and all 25 of its rows in one section (Slack) or one table (Teams).
    const first = rendered(pages[0] ?? { blocks: [] });
    expect(first.slack.blocks.map((b) => b.type)).toEqual(['header', 'section']);
    expect(first.slack.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Reps 1–25 of 27', emoji: true } });
    const firstSection = first.slack.blocks[1];
    const firstLines = (firstSection?.type === 'section' ? firstSection.text?.text ?? '' : '').split('\n');
    expect(firstLines).toHaveLength(26);
    expect(firstLines.slice(0, 3)).toEqual(['_Rep — Goal · Won · Lost · Training_', '*Alice* — 0% · behind pace · 0 · 0 · —', '*Bob* — no goal · 0 · 0 · —']);
    expect(firstLines.at(-1)).toBe('*Rep 21* — no goal · 0 · 0 · —');
    const [heading, table] = first.card.body;
    expect(heading).toEqual({ type: 'TextBlock', text: 'Reps 1–25 of 27', size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' });
    expect(table?.type === 'Table' && { columns: table.columns, firstRowAsHeaders: table.firstRowAsHeaders, rows: table.rows?.length }).toEqual({ columns: REP_COLUMNS, firstRowAsHeaders: true, rows: 26 });
    expect(first.card.body).toHaveLength(2);

    // The second page, whole: the last two reps, one of them with a name that tries to notify everyone.
    const second = rendered(pages[1] ?? { blocks: [] });
    expect(JSON.stringify([top, first, second])).not.toContain('<!channel>');
    expect(second.slack).toEqual({
      text: [
        'Reps 26–27 of 27',
        'Rep                     Goal     Won  Lost  Training',
        'Rep 22                  no goal    0     0  —',
        'Rep 23 &lt;!channel&gt; &amp; Co  no goal    1     0  —',
      ].join('\n'),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Reps 26–27 of 27', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: '_Rep — Goal · Won · Lost · Training_\n*Rep 22* — no goal · 0 · 0 · —\n*Rep 23 &lt;!channel&gt; &amp; Co* — no goal · 1 · 0 · —' } },
      ],
    });
    expect(second.card).toEqual({ ...CARD, body: [
      { type: 'TextBlock', text: 'Reps 26–27 of 27', size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'Table', columns: REP_COLUMNS, firstRowAsHeaders: true, rows: [
        headerRow(['Rep', 'Goal', 'Won', 'Lost', 'Training']),
        tableRow(['Rep 22', 'no goal', '0', '0', '—']),
        tableRow(['Rep 23 \\<!channel\\> \\& Co', 'no goal', '1', '0', '—']),
      ] },
    ] });
  });
});

describe('the Friday "what works" post, exactly as each platform gets it', () => {
  it('shows what sold, the technique with its +1s, its deal and a +1 button, and what customers said', async () => {
    await seedWeek();
    // As the job on Friday 4 December for East's channel: Monday 00:00 to the end of Friday, in Ljubljana.
    const from = new Date('2026-11-29T23:00:00Z');
    const to = new Date('2026-12-04T23:00:00Z');
    const post = whatWorksMessage(await whatWorks(t.db, { workspace, teamId: east.id, from, to }), translator('en'), createFormats('en'));
    const { slack, card } = rendered(post);
    // The +1 button names technique 1 and the post it sits in (from and to in ms, team 1), so a click re-renders it.
    expect(slack).toEqual({
      text: [
        'What works in East',
        'Mon, Nov 30 – Fri, Dec 4',
        'Products that sold most',
        '#  Product     Won  Deals',
        '1  Gadgets  €2,500      1',
        '2  Widgets  €1,000      1',
        '',
        'Techniques that worked: give a +1 to the ones you will try',
        '“Open with the *ROI* calculator &amp; ask for the budget_owner”',
        'Alice · 2 +1s · deal D-1, Globex &amp; Sons, €1,000',
        '[👍 +1]',
        '',
        'What customers said',
        '“They\'d sign if billing were "annual" &amp; in EUR”',
        'Bob · Thu, Dec 3',
        'Share what worked for you: /feedback technique Leading with the ROI calculator closed Globex deal D-42',
      ].join('\n'),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'What works in East', emoji: true } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Mon, Nov 30 – Fri, Dec 4' }] },
        { type: 'section', text: { type: 'mrkdwn', text: '*Products that sold most*' } },
        { type: 'section', text: { type: 'mrkdwn', text: '_Product — Won · Deals_\n1. *Gadgets* — €2,500 · 1\n2. *Widgets* — €1,000 · 1' } },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: '*Techniques that worked: give a +1 to the ones you will try*' } },
        { type: 'section', text: { type: 'mrkdwn', text: '“Open with the *ROI* calculator &amp; ask for the budget_owner”' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Alice · 2 +1s · deal D-1, Globex &amp; Sons, €1,000' }] },
        { type: 'actions', elements: [{ type: 'button', action_id: 'feedback.vote', text: { type: 'plain_text', text: '👍 +1', emoji: true }, value: '1:1795993200000:1796425200000:1' }] },
        { type: 'divider' },
        { type: 'section', text: { type: 'mrkdwn', text: '*What customers said*' } },
        { type: 'section', text: { type: 'mrkdwn', text: '“They\'d sign if billing were "annual" &amp; in EUR”' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Bob · Thu, Dec 3' }] },
        { type: 'context', elements: [{ type: 'mrkdwn', text: 'Share what worked for you: /feedback technique Leading with the ROI calculator closed Globex deal D-42' }] },
      ],
    });
    expect(card).toEqual({ ...CARD, body: [
      { type: 'TextBlock', text: 'What works in East', size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'TextBlock', text: 'Mon, Nov 30 – Fri, Dec 4', wrap: true, isSubtle: true, size: 'Small' },
      { type: 'TextBlock', text: 'Products that sold most', wrap: true, weight: 'Bolder' },
      { type: 'Table', columns: [{ width: 1 }, { width: 3 }, { width: 2, horizontalCellContentAlignment: 'Right' }, { width: 2, horizontalCellContentAlignment: 'Right' }], firstRowAsHeaders: true, rows: [
        headerRow(['\\#', 'Product', 'Won', 'Deals']),
        tableRow(['1', 'Gadgets', '€2,500', '1']),
        tableRow(['2', 'Widgets', '€1,000', '1']),
      ] },
      { type: 'TextBlock', text: 'Techniques that worked: give a +1 to the ones you will try', wrap: true, weight: 'Bolder', separator: true },
      { type: 'TextBlock', text: '“Open with the \\*ROI\\* calculator \\& ask for the budget\\_owner”', wrap: true },
      { type: 'TextBlock', text: 'Alice · 2 +1s · deal D-1, Globex \\& Sons, €1,000', wrap: true, isSubtle: true, size: 'Small' },
      { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: '👍 +1', data: { action: 'feedback.vote', value: '1:1795993200000:1796425200000:1' } }] },
      { type: 'TextBlock', text: 'What customers said', wrap: true, weight: 'Bolder', separator: true },
      { type: 'TextBlock', text: '“They\'d sign if billing were "annual" \\& in EUR”', wrap: true },
      { type: 'TextBlock', text: 'Bob · Thu, Dec 3', wrap: true, isSubtle: true, size: 'Small' },
      { type: 'TextBlock', text: 'Share what worked for you: /feedback technique Leading with the ROI calculator closed Globex deal D-42', wrap: true, isSubtle: true, size: 'Small' },
    ] });
  });
});
