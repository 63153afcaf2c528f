import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { renderMessage } from '../../adapters/slack/render.ts';
import { payloadBytes, renderCard, TEAMS_LIMITS } from '../../adapters/teams/render.ts';
import type { ActionReply, WorkspaceRef } from '../../src/bot/ports.ts';
import { insertDeal } from '../../src/domain/deals/deal.repository.ts';
import { EXAMPLES, voteValue } from '../../src/domain/feedback/feedback.ts';
import { feedbackCounts, feedbackHighlights } from '../../src/domain/feedback/feedback.summary.ts';
import { whatWorks, whatWorksMessage, type WhatWorks } from '../../src/domain/feedback/what-works.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Message } from '../../src/messages/message.ts';
import { createTestCore, person, type TestCore } from '../helpers/core.ts';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';

const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UALICE', 'Alice'),
  person('UBOB', 'Bob', { locale: 'sl-SI' }),
  person('UCAROL', 'Carol'),
];
const T1: WorkspaceRef = { platform: 'slack', externalId: 'T1', name: 'Acme Sales' };
const T2: WorkspaceRef = { platform: 'slack', externalId: 'T2', name: 'Other Co' };
// Wednesday 18 November 2026, 11:00 in Ljubljana.
const WED = new Date('2026-11-18T10:00:00Z');
// The week the Friday post covers: Friday 13 November 15:00 to Friday 20 November 15:00 in Ljubljana.
const FROM = new Date('2026-11-13T14:00:00Z');
const TO = new Date('2026-11-20T14:00:00Z');
const en = translator('en');
const fmtEn = createFormats('en');

let t: TestDatabase;
let pacer: TestCore;

const rows = () => t.db.selectFrom('feedback').selectAll().orderBy('id').execute();
const votes = () => t.db.selectFrom('feedback_votes').selectAll().orderBy('feedback_id').orderBy('member_id').execute();
const audits = (action: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
const workspace = (ref = T1) => t.db.selectFrom('workspaces').selectAll().where('external_id', '=', ref.externalId).executeTakeFirstOrThrow();
const memberId = async (externalId: string, ref = T1): Promise<number> =>
  (await t.db.selectFrom('members').select('members.id').innerJoin('workspaces as w', 'w.id', 'members.workspace_id')
    .where('w.external_id', '=', ref.externalId).where('members.external_id', '=', externalId).executeTakeFirstOrThrow()).id;
const teamId = async (name: string): Promise<number> => (await t.db.selectFrom('teams').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
const lastId = async (): Promise<number> => (await rows()).at(-1)?.id ?? 0;

/** Runs a command as a person at a moment. */
async function sayAt(at: Date, userId: string, command: string, text: string): Promise<string> {
  pacer.clock.set(at);
  return pacer.say(userId, command, text);
}

const press = (userId: string, value: string | undefined, ref = T1): Promise<ActionReply | undefined> =>
  pacer.core.handleAction({ workspace: ref, userId, actionId: 'feedback.vote', ...(value !== undefined && { value }) });

const replyText = (reply: ActionReply | undefined): string => fallbackText(reply?.message ?? { blocks: [] });

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

beforeEach(async () => {
  await truncateAll(t.db);
  pacer = createTestCore(t.db, PEOPLE, { at: WED });
  await pacer.say('UADMIN', 'pacer', 'config timezone Europe/Ljubljana');
  await pacer.say('UADMIN', 'pacer', 'team create East');
  await pacer.say('UADMIN', 'pacer', 'team add <@UALICE> East');
  await pacer.say('UADMIN', 'pacer', 'team add <@UBOB> East');
  // Registers Carol (no team), as her first command would.
  await pacer.say('UCAROL', 'feedback', 'list');
});

describe('/feedback', () => {
  it('records each kind with its author and their team now, audited, and confirms the kind with a short echo', async () => {
    const customer = await pacer.say('UALICE', 'feedback', 'customer They want annual billing');
    expect(customer).toBe('Thanks! Noted customer feedback: “They want annual billing”\nAll of this kind this month: /feedback list customer');
    const product = await pacer.say('UBOB', 'feedback', 'izdelek Widgets ship too slowly');
    expect(product).toBe('Hvala! Zabeleženo mnenje o izdelku: »Widgets ship too slowly«\nVse te vrste ta mesec: /feedback list product');
    const technique = await pacer.say('UCAROL', 'feedback', 'technique Leading with the ROI calculator closed Globex');
    expect(technique).toContain('Thanks! Noted a technique that worked: “Leading with the ROI calculator closed Globex”');
    expect(technique).toContain('It goes into the weekly "What works" post, where colleagues can give it a +1.');

    const east = await teamId('East');
    expect((await rows()).map((r) => [r.kind, r.member_id, r.team_id, r.text, r.deal_id, r.created_at])).toEqual([
      ['customer', await memberId('UALICE'), east, 'They want annual billing', null, WED],
      ['product', await memberId('UBOB'), east, 'Widgets ship too slowly', null, WED],
      ['technique', await memberId('UCAROL'), null, 'Leading with the ROI calculator closed Globex', null, WED],
    ]);
    expect((await audits('feedback.add')).map((a) => [a.subject, a.details])).toEqual([
      ['feedback:1', { kind: 'customer', text: 'They want annual billing', deal: null }],
      ['feedback:2', { kind: 'product', text: 'Widgets ship too slowly', deal: null }],
      ['feedback:3', { kind: 'technique', text: 'Leading with the ROI calculator closed Globex', deal: null }],
    ]);
  });

  it('echoes only the start of a long text, and keeps all of it', async () => {
    const long = `They want annual billing ${'and more '.repeat(100)}`.trim();
    const reply = await pacer.say('UALICE', 'feedback', `customer ${long}`);
    expect(reply.split('\n')[0]).toBe(`Thanks! Noted customer feedback: “${long.slice(0, 79).trimEnd()}…”`);
    expect((await rows())[0]?.text).toBe(long);
  });

  it("ties feedback to one of the workspace's own deals; another workspace's deal is never found", async () => {
    await pacer.say('UALICE', 'deal', '12500 Globex product: Widgets');
    const other = createTestCore(t.db, PEOPLE, { at: WED, workspace: T2 });
    for (const customer of ['Initech', 'Hooli', 'Umbrella']) await other.say('UALICE', 'deal', `900 ${customer}`);
    const ours = await t.db.selectFrom('deals').select('id').where('workspace_id', '=', (await workspace()).id).executeTakeFirstOrThrow();

    const tied = await pacer.say('UALICE', 'feedback', 'technique Led with the ROI calculator deal D-1');
    expect(tied).toContain('Tied to deal D-1, Globex, €12,500.');
    const slovenian = await pacer.say('UALICE', 'feedback', 'stranka Želijo letno obračunavanje posel D-1');
    expect(slovenian).toContain('Tied to deal D-1, Globex, €12,500.');
    expect((await rows()).map((r) => [r.kind, r.deal_id])).toEqual([['technique', ours.id], ['customer', ours.id]]);
    expect((await audits('feedback.add')).map((a) => a.details)).toEqual([
      { kind: 'technique', text: 'Led with the ROI calculator', deal: 'D-1' },
      { kind: 'customer', text: 'Želijo letno obračunavanje', deal: 'D-1' },
    ]);

    const elsewhere = await pacer.say('UALICE', 'feedback', 'technique Led with the ROI calculator deal D-3');
    expect(elsewhere).toBe(`There is no deal D-3 here.\nExample: ${EXAMPLES.technique}`);
    expect(await rows()).toHaveLength(2);
    expect(await audits('feedback.add')).toHaveLength(2);
  });

  it.each([
    ['They want annual billing', '"They" is not a kind of feedback: start with customer, product or technique.', EXAMPLES.customer],
    ['customer', 'Write the feedback after its kind.', EXAMPLES.customer],
    ['product ok', 'That is too short for feedback (at least 3 characters).', EXAMPLES.product],
    [`product ${'x'.repeat(1001)}`, 'That is too long for feedback (at most 1000 characters).', EXAMPLES.product],
    ['technique Led with ROI deal D-4x', '"D-4x" is not a deal reference: they look like D-42.', EXAMPLES.technique],
    ['technique Led with ROI deal D-42', 'There is no deal D-42 here.', EXAMPLES.technique],
  ])('refuses "/feedback %s", writing nothing', async (text, reason, example) => {
    expect(await pacer.say('UALICE', 'feedback', text)).toBe(`${reason}\nExample: ${example}`);
    expect(await rows()).toHaveLength(0);
    expect(await audits('feedback.add')).toHaveLength(0);
  });

  it('opens a form when given no text; its submit records the feedback or names the wrong field', async () => {
    const opened = await pacer.command('UALICE', 'feedback', '');
    expect(opened.kind).toBe('form');
    const form = opened.kind === 'form' ? opened.form : undefined;
    expect(form?.id).toBe('feedback');
    expect(form?.fields.map((f) => [f.kind, f.id, f.optional ?? false])).toEqual([['select', 'kind', false], ['text', 'text', false], ['text', 'deal', true]]);
    expect(form?.fields[0]?.kind === 'select' && form.fields[0].options.map((o) => o.value)).toEqual(['customer', 'product', 'technique']);
    expect(form?.fields[1]).toMatchObject({ multiline: true, maxLength: 1000 });

    const base = { workspace: T1, userId: 'UALICE', formId: 'feedback' };
    const submit = (values: Record<string, string>) => pacer.core.handleFormSubmit({ ...base, values });
    expect(await submit({ text: 'They want annual billing' })).toEqual({
      kind: 'errors', errors: { kind: `Say what the feedback is about: customer, product or technique. Example: ${EXAMPLES.customer}` },
    });
    expect(await submit({ kind: 'customer', text: 'no' })).toEqual({
      kind: 'errors', errors: { text: `That is too short for feedback (at least 3 characters). Example: ${EXAMPLES.customer}` },
    });
    expect(await submit({ kind: 'technique', text: 'Led with ROI', deal: 'Globex' })).toEqual({
      kind: 'errors', errors: { deal: `"Globex" is not a deal reference: they look like D-42. Example: ${EXAMPLES.technique}` },
    });
    expect(await submit({ kind: 'technique', text: 'Led with ROI', deal: 'D-9' })).toEqual({
      kind: 'errors', errors: { deal: `There is no deal D-9 here. Example: ${EXAMPLES.technique}` },
    });
    expect(await rows()).toHaveLength(0);

    await pacer.say('UALICE', 'deal', '12500 Globex');
    const done = await submit({ kind: 'technique', text: '  Led with the ROI calculator  ', deal: 'D-1' });
    expect(done.kind).toBe('done');
    expect(fallbackText(done.kind === 'done' ? done.message : { blocks: [] })).toContain('Thanks! Noted a technique that worked: “Led with the ROI calculator”\nTied to deal D-1, Globex, €12,500.');
    expect(await rows()).toEqual([expect.objectContaining({ kind: 'technique', text: 'Led with the ROI calculator', deal_id: 1n })]);
  });

  it('answers help with both forms and their examples', async () => {
    const help = await pacer.say('UALICE', 'feedback', 'help');
    expect(help).toContain('/feedback <customer|product|technique> <text, at most 1000 characters> [deal <D-42>]');
    expect(help).toContain(EXAMPLES.technique);
    expect(help).toContain('/feedback list [customer|product|technique]');
  });
});

describe('/feedback list', () => {
  it('says so kindly when there is nothing this month', async () => {
    await sayAt(new Date('2026-10-20T10:00:00Z'), 'UALICE', 'feedback', 'customer Last month they wanted discounts');
    pacer.clock.set(WED);
    expect(await pacer.say('UALICE', 'feedback', 'list')).toBe(
      `Feedback this month\nNo feedback yet this month. Share what you hear from customers, about products, or a technique that worked.\nExample: ${EXAMPLES.customer}`,
    );
  });

  it("shows this month's newest 10 (in the workspace's zone) with author, day, deal and +1s, and how many more", async () => {
    // 23:30 on 31 October in Ljubljana: last month. 00:30 on 1 November: this month.
    await sayAt(new Date('2026-10-31T22:30:00Z'), 'UALICE', 'feedback', 'customer Still October here');
    await sayAt(new Date('2026-10-31T23:30:00Z'), 'UALICE', 'feedback', 'customer First of November');
    await sayAt(new Date('2026-11-02T09:00:00Z'), 'UALICE', 'deal', '12500 Globex');
    await sayAt(new Date('2026-11-02T10:00:00Z'), 'UBOB', 'feedback', 'technique Asked for the budget first deal D-1');
    for (let day = 3; day <= 12; day++) {
      const kind = day % 2 === 0 ? 'product' : 'customer';
      await sayAt(new Date(`2026-11-${String(day).padStart(2, '0')}T10:00:00Z`), 'UCAROL', 'feedback', `${kind} Note of November ${day}`);
    }
    pacer.clock.set(WED);
    await press('UALICE', '3');

    const list = await pacer.say('UALICE', 'feedback', 'list');
    const lines = list.split('\n');
    expect(lines[0]).toBe('Feedback this month');
    expect(lines.slice(1, 5)).toEqual(['Product: “Note of November 12”', 'Carol · Thu, Nov 12', 'Customer: “Note of November 11”', 'Carol · Wed, Nov 11']);
    expect(lines).toHaveLength(1 + 2 * 10 + 1);
    expect(lines.at(-1)).toBe('… and 2 more this month.');
    expect(list).not.toContain('Still October');

    expect(await pacer.say('UALICE', 'feedback', 'list technique')).toBe(
      'Techniques that worked this month\n“Asked for the budget first”\nBob · Mon, Nov 2 · 1 +1 · deal D-1, Globex, €12,500',
    );
    const customers = await pacer.say('UALICE', 'feedback', 'list stranka');
    expect(customers.split('\n').filter((l) => l.startsWith('“'))).toEqual([
      '“Note of November 11”', '“Note of November 9”', '“Note of November 7”', '“Note of November 5”', '“Note of November 3”', '“First of November”',
    ]);
    expect(await pacer.say('UALICE', 'feedback', 'list everything')).toBe(
      `"everything" is not a kind of feedback: list customer, product or technique.\nExample: ${EXAMPLES.list}`,
    );
  });

  it('only lists its own workspace', async () => {
    const other = createTestCore(t.db, PEOPLE, { at: WED, workspace: T2 });
    await other.say('UALICE', 'feedback', 'customer Secret of another company');
    expect(await pacer.say('UALICE', 'feedback', 'list')).not.toContain('Secret');
  });
});

describe('+1 on a technique', () => {
  beforeEach(async () => {
    await pacer.say('UALICE', 'deal', '12500 Globex');
    await pacer.say('UCAROL', 'feedback', 'technique Leading with the ROI calculator closed Globex deal D-1');
    await pacer.say('UALICE', 'feedback', 'customer They want annual billing');
  });

  it('counts one +1 per colleague and answers with the technique and its new count in place', async () => {
    const first = await press('UALICE', '1');
    expect(first).toEqual({
      kind: 'replace',
      message: {
        blocks: [
          { type: 'text', text: '“Leading with the ROI calculator closed Globex”' },
          { type: 'context', text: 'Carol · 1 +1 · deal D-1, Globex, €12,500' },
          { type: 'actions', buttons: [{ actionId: 'feedback.vote', label: '👍 +1', value: '1' }] },
        ],
        visibility: 'public',
      },
    });
    expect(replyText(await press('UBOB', '1'))).toContain('Carol · 2 +1s ·');
    expect(await votes()).toEqual([
      expect.objectContaining({ feedback_id: 1, member_id: await memberId('UALICE'), created_at: WED }),
      expect.objectContaining({ feedback_id: 1, member_id: await memberId('UBOB') }),
    ]);
    expect((await audits('feedback.vote')).map((a) => [a.subject, a.details])).toEqual([['feedback:1', { author: 'Carol' }], ['feedback:1', { author: 'Carol' }]]);
  });

  it('refuses a second +1 from the same person, saying so, beside the message and changing nothing', async () => {
    await press('UALICE', '1');
    const again = await press('UALICE', '1');
    expect(again?.kind).toBe('notice');
    expect(replyText(again)).toBe('You have already given this technique a +1 (it has 1 in all).');
    const inSlovenian = await press('UBOB', '1');
    expect(inSlovenian?.kind).toBe('replace');
    expect(replyText(await press('UBOB', '1'))).toBe('Tej tehniki ste +1 že dodelili (skupaj: 2 × +1).');
    expect(await votes()).toHaveLength(2);
    expect(await audits('feedback.vote')).toHaveLength(2);
  });

  it.each([
    ['UCAROL', '1', 'That is your own technique: +1s are for colleagues to give.'],
    ['UBOB', '2', '+1 lahko dodelite le tehnikam.'],
    ['UALICE', '2', 'Only techniques get a +1.'],
    ['UALICE', '99', 'That feedback no longer exists.'],
    ['UALICE', 'banana', "That button is not valid. Type /feedback list to see this month's feedback."],
    ['UALICE', undefined, "That button is not valid. Type /feedback list to see this month's feedback."],
    ['UALICE', '1:200:100', "That button is not valid. Type /feedback list to see this month's feedback."],
  ])('refuses %s pressing %j with a notice, writing nothing', async (userId, value, reason) => {
    const reply = await press(userId, value);
    expect(reply?.kind).toBe('notice');
    expect(replyText(reply)).toBe(reason);
    expect(await votes()).toEqual([]);
    expect(await audits('feedback.vote')).toEqual([]);
  });

  it("never finds another workspace's technique", async () => {
    const other = createTestCore(t.db, PEOPLE, { at: WED, workspace: T2 });
    await other.say('UCAROL', 'feedback', 'technique Something that worked elsewhere');
    const theirs = await lastId();
    const reply = await press('UALICE', String(theirs));
    expect(replyText(reply)).toBe('That feedback no longer exists.');
    expect(await votes()).toEqual([]);
  });

  it('in the "what works" post, answers with the whole post again, with the new count, in the workspace language', async () => {
    const ws = await workspace();
    const post = whatWorksMessage(await whatWorks(t.db, { workspace: ws, teamId: null, from: FROM, to: TO }), en, fmtEn);
    const button = post.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0];
    expect(button?.value).toBe(voteValue(1, { from: FROM, to: TO, teamId: null }));
    expect(fallbackText(post)).toContain('Carol · no +1s yet · deal D-1, Globex, €12,500');

    // Bob reads Slovenian; the post stays in the workspace's English for everyone.
    const reply = await press('UBOB', button?.value);
    expect(reply?.kind).toBe('replace');
    const again = whatWorksMessage(await whatWorks(t.db, { workspace: ws, teamId: null, from: FROM, to: TO }), en, fmtEn);
    expect(reply?.message).toEqual(again);
    expect(fallbackText(reply?.message ?? { blocks: [] })).toContain('Carol · 1 +1 · deal D-1, Globex, €12,500');
    expect(fallbackText(reply?.message ?? { blocks: [] })).toContain('What works');
  });

  it("re-renders a team's post for that team", async () => {
    const ws = await workspace();
    await pacer.say('UBOB', 'feedback', 'technique Asked for the budget first');
    const east = await teamId('East');
    const value = voteValue(await lastId(), { from: FROM, to: TO, teamId: east });
    const reply = await press('UALICE', value);
    expect(reply?.message).toEqual(whatWorksMessage(await whatWorks(t.db, { workspace: ws, teamId: east, from: FROM, to: TO }), en, fmtEn));
    const text = replyText(reply);
    expect(text).toContain('What works in East');
    expect(text).toContain('“Asked for the budget first”\nBob · 1 +1');
    expect(text).not.toContain('Carol');
  });
});

describe('whatWorks', () => {
  /** A week of deals, feedback and +1s, with some just outside it. */
  async function seedWeek(): Promise<void> {
    const at = (iso: string) => new Date(iso);
    await sayAt(at('2026-11-13T13:59:00Z'), 'UALICE', 'deal', '99999 Early product: Widgets');
    await sayAt(at('2026-11-13T14:00:00Z'), 'UALICE', 'deal', '12500 Globex product: Widgets');
    await sayAt(at('2026-11-16T09:00:00Z'), 'UALICE', 'deal', '2500 Acme product: Widgets');
    await sayAt(at('2026-11-16T10:00:00Z'), 'UBOB', 'deal', '5000 Initech product: widgets');
    await sayAt(at('2026-11-17T10:00:00Z'), 'UCAROL', 'deal', '30000 Hooli product: Gadgets');
    await sayAt(at('2026-11-17T11:00:00Z'), 'UCAROL', 'deal', '7000 Stark');
    await sayAt(at('2026-11-17T12:00:00Z'), 'UBOB', 'deal', 'lost 50000 Wayne reason: price product: Gizmos');
    await sayAt(at('2026-11-20T14:00:00Z'), 'UALICE', 'deal', '88888 Late product: Gizmos');

    await sayAt(at('2026-11-12T10:00:00Z'), 'UALICE', 'feedback', 'technique Last week technique');
    await sayAt(at('2026-11-16T10:00:00Z'), 'UALICE', 'feedback', 'technique Leading with the ROI calculator closed Globex deal D-2');
    await sayAt(at('2026-11-16T11:00:00Z'), 'UBOB', 'feedback', 'technique Asked for the budget first');
    await sayAt(at('2026-11-17T11:00:00Z'), 'UCAROL', 'feedback', 'technique Demo on their own data deal D-5');
    await sayAt(at('2026-11-17T12:00:00Z'), 'UBOB', 'feedback', 'product Widgets ship too slowly');
    for (const [day, who] of [[13, 'UALICE'], [14, 'UBOB'], [15, 'UCAROL'], [16, 'UALICE'], [17, 'UCAROL'], [18, 'UBOB']] as const) {
      await sayAt(at(`2026-11-${day}T15:00:00Z`), who, 'feedback', `customer Customer said something on the ${day}th`);
    }
    pacer.clock.set(WED);
    // +1s: ROI calculator 2, demo 1, budget none; last week's technique 3 (outside the window).
    for (const [who, id] of [['UBOB', 2], ['UCAROL', 2], ['UALICE', 4], ['UBOB', 1], ['UCAROL', 1], ['UADMIN', 1]] as const) {
      expect((await press(who, String(id)))?.kind).toBe('replace');
    }
  }

  it('gathers the products that sold most, the techniques with most +1s and their deals, and customer feedback of the window', async () => {
    await seedWeek();
    const ws = await workspace();
    const data = await whatWorks(t.db, { workspace: ws, teamId: null, from: FROM, to: TO });
    expect(data.post).toEqual({ from: FROM, to: TO, teamId: null });
    expect(data.zone).toBe('Europe/Ljubljana');
    expect(data.teamName).toBeUndefined();
    expect(data.products).toEqual([
      { product: 'Gadgets', currency: 'EUR', wonMinor: 3000000n, deals: 1 },
      { product: 'Widgets', currency: 'EUR', wonMinor: 2000000n, deals: 3 },
    ]);
    expect(data.techniques.map((i) => [i.text, i.author, i.votes, i.deal])).toEqual([
      ['Leading with the ROI calculator closed Globex', 'Alice', 2, { ref: 'D-2', customer: 'Globex', amountMinor: 1250000n, currency: 'EUR' }],
      ['Demo on their own data', 'Carol', 1, { ref: 'D-5', customer: 'Hooli', amountMinor: 3000000n, currency: 'EUR' }],
      ['Asked for the budget first', 'Bob', 0, undefined],
    ]);
    expect(data.customer.map((i) => i.text)).toEqual([18, 17, 16, 15, 14].map((day) => `Customer said something on the ${day}th`));
  });

  it("narrows everything to one team (the team the rep was in at the time)", async () => {
    await seedWeek();
    const ws = await workspace();
    const east = await teamId('East');
    const data = await whatWorks(t.db, { workspace: ws, teamId: east, from: FROM, to: TO });
    expect(data.teamName).toBe('East');
    expect(data.products).toEqual([{ product: 'Widgets', currency: 'EUR', wonMinor: 2000000n, deals: 3 }]);
    expect(data.techniques.map((i) => [i.author, i.votes])).toEqual([['Alice', 2], ['Bob', 0]]);
    expect(data.customer.map((i) => i.author)).toEqual(['Bob', 'Alice', 'Bob', 'Alice']);

    // Moving Alice to another team later does not move what she wrote or sold.
    await pacer.say('UADMIN', 'pacer', 'team create West');
    await pacer.say('UADMIN', 'pacer', 'team add <@UALICE> West');
    const after = await whatWorks(t.db, { workspace: ws, teamId: east, from: FROM, to: TO });
    expect(after.techniques.map((i) => i.author)).toEqual(['Alice', 'Bob']);
  });

  it('counts and quotes feedback per kind for the digest, in the window and by team', async () => {
    await seedWeek();
    const ws = await workspace();
    expect(await feedbackCounts(t.db, ws.id, FROM, TO)).toEqual({ customer: 6, product: 1, technique: 3 });
    expect(await feedbackCounts(t.db, ws.id, FROM, TO, await teamId('East'))).toEqual({ customer: 4, product: 1, technique: 2 });
    expect(await feedbackCounts(t.db, ws.id, TO, new Date('2026-11-27T14:00:00Z'))).toEqual({ customer: 0, product: 0, technique: 0 });

    const highlights = await feedbackHighlights(t.db, ws.id, FROM, TO);
    expect(highlights.customer.map((i) => i.text)).toEqual([18, 17, 16].map((day) => `Customer said something on the ${day}th`));
    expect(highlights.product.map((i) => i.text)).toEqual(['Widgets ship too slowly']);
    expect(highlights.technique.map((i) => [i.text, i.votes])).toEqual([
      ['Demo on their own data', 1], ['Asked for the budget first', 0], ['Leading with the ROI calculator closed Globex', 2],
    ]);
    const team = await feedbackHighlights(t.db, ws.id, FROM, TO, await teamId('East'), 1);
    expect(Object.fromEntries(Object.entries(team).map(([kind, items]) => [kind, items.map((i) => i.author)]))).toEqual({
      customer: ['Bob'], product: ['Bob'], technique: ['Bob'],
    });
  });
});

describe('whatWorksMessage', () => {
  const item = (id: number, kind: 'technique' | 'customer', text: string, author: string, votes: number, createdAt: Date) =>
    ({ id, kind, text, memberId: id, author, teamId: null, createdAt, votes });

  it('lays out a small week exactly', () => {
    const data: WhatWorks = {
      post: { from: FROM, to: TO, teamId: 3 },
      zone: 'Europe/Ljubljana',
      teamName: 'East',
      products: [
        { product: 'Gadgets', currency: 'EUR', wonMinor: 3000000n, deals: 1 },
        { product: 'Widgets <b>', currency: 'EUR', wonMinor: 2000050n, deals: 3 },
      ],
      techniques: [
        { ...item(7, 'technique', 'Lead with the ROI calculator & <b>bold</b>', 'Alice', 2, WED), deal: { ref: 'D-2', customer: 'Globex', amountMinor: 1250000n, currency: 'EUR' } },
        item(8, 'technique', 'Ask for the budget first', 'Bob', 0, WED),
      ],
      customer: [item(9, 'customer', 'They want *annual* billing', 'Carol', 0, new Date('2026-11-17T23:30:00Z'))],
    };
    const value = (id: number) => `${id}:${FROM.getTime()}:${TO.getTime()}:3`;
    expect(whatWorksMessage(data, en, fmtEn)).toEqual({
      title: 'What works in East',
      blocks: [
        { type: 'context', text: 'Fri, Nov 13 – Fri, Nov 20' },
        { type: 'text', text: 'Products that sold most', tone: 'strong' },
        { type: 'rows', columns: ['#', 'Product', 'Won', 'Deals'], rows: [['1', 'Gadgets', '€30,000', '1'], ['2', 'Widgets <b>', '€20,000.50', '3']] },
        { type: 'divider' },
        { type: 'text', text: 'Techniques that worked: give a +1 to the ones you will try', tone: 'strong' },
        { type: 'text', text: '“Lead with the ROI calculator & <b>bold</b>”' },
        { type: 'context', text: 'Alice · 2 +1s · deal D-2, Globex, €12,500' },
        { type: 'actions', buttons: [{ actionId: 'feedback.vote', label: '👍 +1', value: value(7) }] },
        { type: 'text', text: '“Ask for the budget first”' },
        { type: 'context', text: 'Bob · no +1s yet' },
        { type: 'actions', buttons: [{ actionId: 'feedback.vote', label: '👍 +1', value: value(8) }] },
        { type: 'divider' },
        { type: 'text', text: 'What customers said', tone: 'strong' },
        { type: 'text', text: '“They want *annual* billing”' },
        { type: 'context', text: 'Carol · Wed, Nov 18' },
        { type: 'context', text: `Share what worked for you: ${EXAMPLES.technique}` },
      ],
      visibility: 'public',
    });
  });

  it('says kindly that a week was quiet, in the language it is given', () => {
    const quiet: WhatWorks = { post: { from: FROM, to: TO, teamId: null }, zone: 'Europe/Ljubljana', products: [], techniques: [], customer: [] };
    expect(whatWorksMessage(quiet, en, fmtEn)).toEqual({
      title: 'What works',
      blocks: [
        { type: 'context', text: 'Fri, Nov 13 – Fri, Nov 20' },
        { type: 'text', text: 'A quiet week: no products sold and nothing shared yet. Next week is a fresh start!' },
        { type: 'context', text: `Share what worked for you: ${EXAMPLES.technique}` },
      ],
      visibility: 'public',
    });
    expect(fallbackText(whatWorksMessage(quiet, translator('sl'), createFormats('sl')))).toContain('Miren teden');
  });

  it('stays within Block Kit limits for a busy week of 200 long items and 40 products, cutting nothing', async () => {
    await pacer.say('UALICE', 'feedback', 'list');
    const ws = await workspace();
    const alice = await memberId('UALICE');
    for (let i = 0; i < 40; i++) {
      await insertDeal(t.db, {
        workspace_id: ws.id, member_id: alice, team_id: null, customer: `Customer ${i}`, product: `Product ${i} ${'x'.repeat(150)}`,
        amount_minor: BigInt(100_000 + i), stage: 'won', occurred_at: WED, won_at: WED,
      });
    }
    const kinds = ['technique', 'customer', 'product'] as const;
    await t.db.insertInto('feedback').values(Array.from({ length: 200 }, (_, i) => ({
      workspace_id: ws.id, member_id: alice, team_id: null, kind: kinds[i % 3] ?? 'technique', text: `${i} ${'long words '.repeat(90)}`.trim(), deal_id: 1n,
      created_at: new Date(WED.getTime() + i * 1000),
    }))).execute();

    const message: Message = whatWorksMessage(await whatWorks(t.db, { workspace: ws, teamId: null, from: FROM, to: TO }), en, fmtEn);
    expect(message.blocks.length).toBeLessThanOrEqual(49);
    expect(message.blocks.filter((b) => b.type === 'actions')).toHaveLength(5);
    const rendered = renderMessage(message);
    // A header for the title, then one Block Kit block per block: nothing split, nothing left out.
    expect(rendered.blocks).toHaveLength(message.blocks.length + 1);
    expect(rendered.blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(rendered.blocks)).not.toMatch(/… \+\d/);
    // And a Teams card of it fits without losing its end either.
    const card = renderCard(message);
    expect(payloadBytes(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
    expect(JSON.stringify(card)).not.toMatch(/… \+\d/);
    expect(JSON.stringify(card)).toContain('Share what worked for you');
  });
});
