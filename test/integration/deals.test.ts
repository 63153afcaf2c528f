import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase, truncateAll, type TestDatabase } from '../helpers/test-db.ts';
import { createTestCore, person, replyMessage, type TestCore } from '../helpers/core.ts';

const PEOPLE = [
  person('UADMIN', 'Olivia', { isPlatformAdmin: true }),
  person('UMGR', 'Maria'),
  person('UALICE', 'Alice'),
  person('UBOB', 'Bob'),
];

let t: TestDatabase;
let pacer: TestCore;

const counts = async () => {
  const deals = await t.db.selectFrom('deals').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow();
  const audit = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow();
  return { deals: Number(deals.n), audit: Number(audit.n) };
};

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

beforeEach(async () => {
  await truncateAll(t.db);
  // Wednesday 18 November 2026, 11:00 in Ljubljana.
  pacer = createTestCore(t.db, PEOPLE, { at: new Date('2026-11-18T10:00:00Z') });
  await pacer.say('UADMIN', 'pacer', 'role <@UMGR> manager');
});

describe('/deal', () => {
  it('logs a won deal with its reference, amount in the workspace currency and the effect on the goal', async () => {
    await pacer.say('UMGR', 'goal', 'set <@UALICE> 50000 month');
    await pacer.say('UALICE', 'deal', '19000 Initech');
    const reply = await pacer.say('UALICE', 'deal', '12500 Acme Corp');
    expect(reply).toContain('Logged D-2: €12,500 won from Acme Corp');
    expect(reply).toContain('€31,500 of €50,000 this month');
    const deal = await t.db.selectFrom('deals').selectAll().where('number', '=', 2).executeTakeFirstOrThrow();
    expect(deal).toMatchObject({ customer: 'Acme Corp', amount_minor: 1250000n, currency: 'EUR', stage: 'won', loss_reason: null });
    const audit = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'deal.create').execute();
    expect(audit.map((a) => a.subject)).toEqual(['deal:D-1', 'deal:D-2']);
  });

  it.each([
    ['12.5k Acme Corp product: Widgets', 1250000n, 'Acme Corp', 'Widgets'],
    ['12,500 Acme', 1250000n, 'Acme', null],
    ['1.2M Initech', 120000000n, 'Initech', null],
    ['Hooli 900', 90000n, 'Hooli', null],
  ])('reads "/deal %s"', async (text, amount, customer, product) => {
    await pacer.say('UALICE', 'deal', text);
    const deal = await t.db.selectFrom('deals').selectAll().executeTakeFirstOrThrow();
    expect(deal).toMatchObject({ amount_minor: amount, customer, product });
  });

  it('follows the workspace locale: in Slovenian 12.500,50 is 12500.50 and replies are Slovenian', async () => {
    await pacer.say('UADMIN', 'pacer', 'config locale sl');
    const reply = await pacer.say('UALICE', 'deal', '12.500,50 Acme');
    const deal = await t.db.selectFrom('deals').selectAll().executeTakeFirstOrThrow();
    expect(deal.amount_minor).toBe(1250050n);
    expect(reply).toContain('Zabeleženo D-1');
    expect(reply).toContain('12.500,50');
  });

  it('records a lost deal only with a reason, and lists the reasons when it is missing', async () => {
    const refused = await pacer.say('UALICE', 'deal', 'lost Globex');
    expect(refused).toContain('A lost deal needs a reason: one of product, price, delivery, service, people, other');
    expect(refused).toContain('/deal lost Globex reason: price');
    expect((await counts()).deals).toBe(0);
    const reply = await pacer.say('UALICE', 'deal', 'lost Globex reason: price');
    expect(reply).toContain('Globex lost, reason price');
    const deal = await t.db.selectFrom('deals').selectAll().executeTakeFirstOrThrow();
    expect(deal).toMatchObject({ stage: 'lost', loss_reason: 'price', amount_minor: null });
  });

  it('moves a deal on: won → delivered → serviced, in order only', async () => {
    await pacer.say('UALICE', 'deal', '5000 Acme');
    expect(await pacer.say('UALICE', 'deal', 'serviced D-1')).toContain('must be delivered before');
    pacer.clock.advance(3 * 86_400_000);
    expect(await pacer.say('UALICE', 'deal', 'delivered D-1')).toContain('D-1 (Acme) delivered, 3 days after it was won');
    expect(await pacer.say('UALICE', 'deal', 'delivered d-1')).toContain('D-1 is already Delivered');
    expect(await pacer.say('UALICE', 'deal', 'serviced 1')).toContain('serviced');
    const deal = await t.db.selectFrom('deals').selectAll().executeTakeFirstOrThrow();
    expect(deal.stage).toBe('serviced');
    expect(deal.delivered_at).toEqual(new Date('2026-11-21T10:00:00Z'));
  });

  it("refuses to move another rep's deal, and deals of another workspace are simply not there", async () => {
    await pacer.say('UALICE', 'deal', '5000 Acme');
    expect(await pacer.say('UBOB', 'deal', 'delivered D-1')).toContain("D-1 is someone else's deal");
    const other = createTestCore(t.db, PEOPLE, { workspace: { platform: 'slack', externalId: 'T2' } });
    expect(await other.say('UALICE', 'deal', 'delivered D-1')).toContain('There is no deal D-1 here');
    const deal = await t.db.selectFrom('deals').selectAll().executeTakeFirstOrThrow();
    expect(deal.stage).toBe('won');
    expect(await pacer.say('UMGR', 'deal', 'delivered D-1')).toContain('delivered');
  });

  it('takes back the last deal within 15 minutes, and not after', async () => {
    await pacer.say('UALICE', 'deal', '5000 Acme');
    await pacer.say('UALICE', 'deal', '7000 Initech');
    pacer.clock.advance(14 * 60_000);
    expect(await pacer.say('UALICE', 'deal', 'undo')).toContain('Took back D-2 (Initech)');
    pacer.clock.advance(2 * 60_000);
    expect(await pacer.say('UALICE', 'deal', 'undo')).toContain('more than 15 minutes ago');
    const left = await t.db.selectFrom('deals').select('number').execute();
    expect(left).toEqual([{ number: 1 }]);
    const undo = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'deal.undo').executeTakeFirstOrThrow();
    expect(undo.details).toMatchObject({ deal: { customer: 'Initech', amount_minor: '700000' } });
  });

  it('undoes a deal from its Undo button, only for its own rep', async () => {
    const reply = replyMessage(await pacer.command('UALICE', 'deal', '5000 Acme'));
    const actions = reply.blocks.find((b) => b.type === 'actions');
    const button = actions?.type === 'actions' ? actions.buttons[0] : undefined;
    expect(button).toMatchObject({ actionId: 'deal.undo', value: '1' });
    const event = { workspace: { platform: 'slack' as const, externalId: 'T1' }, actionId: 'deal.undo', value: '1' };
    const refused = await pacer.core.handleAction({ ...event, userId: 'UBOB' });
    expect(JSON.stringify(refused)).toContain("someone else's deal");
    await pacer.core.handleAction({ ...event, userId: 'UALICE' });
    expect((await counts()).deals).toBe(0);
  });

  it('does the work once when the same delivery arrives twice', async () => {
    await pacer.command('UALICE', 'deal', '5000 Acme', 'trigger-1');
    const again = await pacer.say('UALICE', 'deal', '5000 Acme').then(() => pacer.command('UALICE', 'deal', '5000 Acme', 'trigger-1'));
    expect(JSON.stringify(again)).toContain('Already done');
    expect((await counts()).deals).toBe(2);
  });

  it('answers a retry the first attempt already did as done, not with a refusal the first attempt caused', async () => {
    await pacer.command('UALICE', 'deal', '5000 Acme');
    expect(JSON.stringify(await pacer.command('UALICE', 'deal', 'undo', 'trigger-undo'))).toContain('Took back D-1');
    // The retry finds nothing left to undo: that is the first attempt's doing, so it is a duplicate.
    expect(JSON.stringify(await pacer.command('UALICE', 'deal', 'undo', 'trigger-undo'))).toContain('Already done');
    expect((await counts()).deals).toBe(0);
  });

  it('does the work once when the same delivery arrives twice at the same moment', async () => {
    const replies = await Promise.all([1, 2, 3].map(() => pacer.command('UALICE', 'deal', '5000 Acme', 'trigger-race')));
    expect(replies.filter((r) => JSON.stringify(r).includes('Logged D-'))).toHaveLength(1);
    expect(replies.filter((r) => JSON.stringify(r).includes('Already done'))).toHaveLength(2);
    expect(await counts()).toEqual({ deals: 1, audit: 2 });
  });

  it.each([
    ['abc Acme', 'Start with the amount'],
    ['0 Acme', 'more than zero'],
    ['-5 Acme', 'more than zero'],
    ['5000000000000 Acme', 'too large'],
    ['5000', 'Say who the customer is'],
    ['5000 <10,000 characters>', 'too long'],
    ['5000 <201-character customer>', 'at most 200 characters'],
    ['lost Globex reason: weather', '"weather" is not a reason I know'],
  ])('refuses "/deal %s" with what was wrong and an example, writing nothing', async (text, expected) => {
    const before = await counts();
    const input = text.replace('<10,000 characters>', 'x'.repeat(10_000)).replace('<201-character customer>', 'x'.repeat(201));
    const reply = await pacer.say('UALICE', 'deal', input);
    expect(reply.toLowerCase()).toContain(expected.toLowerCase());
    expect(reply).toContain('Example: /deal');
    expect(await counts()).toEqual(before);
  });

  it('refuses unknown subcommands and references with help', async () => {
    expect(await pacer.say('UALICE', 'deal', 'delivered')).toContain('Say which deal');
    expect(await pacer.say('UALICE', 'deal', 'delivered banana')).toContain('"banana" is not a deal reference');
    expect(await pacer.say('UALICE', 'deal', 'delivered D-999')).toContain('There is no deal D-999 here');
  });

  it('opens a form when given no text, and its submit logs the deal or names the wrong field', async () => {
    const reply = await pacer.command('UALICE', 'deal', '');
    expect(reply.kind).toBe('form');
    const base = { workspace: { platform: 'slack' as const, externalId: 'T1' }, userId: 'UALICE', formId: 'deal' };
    const bad = await pacer.core.handleFormSubmit({ ...base, values: { outcome: 'won', amount: 'lots', customer: 'Acme' } });
    expect(bad.kind).toBe('errors');
    expect(bad.kind === 'errors' && Object.keys(bad.errors)).toEqual(['amount']);
    const lost = await pacer.core.handleFormSubmit({ ...base, values: { outcome: 'lost', customer: 'Acme' } });
    expect(lost.kind === 'errors' && Object.keys(lost.errors)).toEqual(['reason']);
    expect((await counts()).deals).toBe(0);
    const done = await pacer.core.handleFormSubmit({ ...base, values: { outcome: 'won', amount: '12.5k', customer: 'Acme', product: 'Widgets' } });
    expect(done.kind).toBe('done');
    expect(await t.db.selectFrom('deals').selectAll().executeTakeFirstOrThrow()).toMatchObject({ amount_minor: 1250000n, product: 'Widgets' });
  });

  it('answers help with usage and examples', async () => {
    const help = await pacer.say('UALICE', 'deal', 'help');
    expect(help).toContain('/deal <amount> <customer>');
    expect(help).toContain('/deal lost Globex reason: price');
    expect(help).toContain('/deal undo');
  });
});
