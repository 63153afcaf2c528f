import { describe, expect, it } from 'vitest';
import { normalizeTeamsText, readActionSubmit, readFormSubmit, splitThread } from '../../adapters/teams/parse.ts';
import { renderCard, renderFormCard } from '../../adapters/teams/render.ts';
import { button, buttons, message } from '../../src/messages/build.ts';

const BOT_ID = '28:0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

/** The mention entity Teams sends for each `<at>` in the text, as it appears in real activities. */
const mention = (id: string, name: string, text = `<at>${name}</at>`) => ({ type: 'mention', text, mentioned: { id, name } });
const botMention = mention(BOT_ID, 'Pacer');
const clientInfo = { type: 'clientInfo', locale: 'en-US', country: 'US', platform: 'Web', timezone: 'Europe/Ljubljana' };
const ALICE = '29:1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-abcdefghijklmnopqrstuvwx';

describe('normalizeTeamsText', () => {
  it('channel: removes the bot mention; the first word is the command', () => {
    expect(normalizeTeamsText({ text: '<at>Pacer</at> deal 12500 Acme Corp\n', entities: [botMention, clientInfo] }, BOT_ID)).toEqual({
      command: 'deal',
      text: '12500 Acme Corp',
    });
  });

  it('channel, rich text: the message wrapped in <p> with &nbsp; after the mention', () => {
    expect(normalizeTeamsText({ text: '<p><at>Pacer</at>&nbsp;leaderboard quarter</p>', entities: [botMention] }, BOT_ID)).toEqual({
      command: 'leaderboard',
      text: 'quarter',
    });
  });

  it('matches the bot by its bare app id too', () => {
    expect(normalizeTeamsText({ text: '<at>Pacer</at> help', entities: [botMention] }, BOT_ID.slice(3))).toEqual({ command: 'help', text: '' });
  });

  it('1:1 chat: no mention, no slash; a slash is allowed; case does not matter', () => {
    expect(normalizeTeamsText({ text: 'goal', entities: [clientInfo] }, BOT_ID)).toEqual({ command: 'goal', text: '' });
    expect(normalizeTeamsText({ text: '/deal lost Acme price' }, BOT_ID)).toEqual({ command: 'deal', text: 'lost Acme price' });
    expect(normalizeTeamsText({ text: 'Pacer   team list' }, BOT_ID)).toEqual({ command: 'pacer', text: 'team list' });
  });

  it('text that does not start with a command is all text', () => {
    expect(normalizeTeamsText({ text: 'hello there' }, BOT_ID)).toEqual({ text: 'hello there' });
    expect(normalizeTeamsText({ text: '/unknown x' }, BOT_ID)).toEqual({ text: '/unknown x' });
    expect(normalizeTeamsText({}, BOT_ID)).toEqual({ text: '' });
    expect(normalizeTeamsText({ text: 'dealer 5' }, BOT_ID, ['deal'])).toEqual({ text: 'dealer 5' });
  });

  it('group chat: another person’s mention becomes <@id> from its entity', () => {
    const text = '<at>Pacer</at> goal set <at>Alice Novak</at> 50000 month';
    expect(normalizeTeamsText({ text, entities: [botMention, mention(ALICE, 'Alice Novak'), clientInfo] }, BOT_ID)).toEqual({
      command: 'goal',
      text: `set <@${ALICE}> 50000 month`,
    });
  });

  it('the same name twice takes the entities in order; an entity is found by name when its text differs', () => {
    const bob1 = mention('29:bob-one', 'Bob');
    const bob2 = mention('29:bob-two', 'Bob', '<at id="1">Bob</at>');
    expect(normalizeTeamsText({ text: 'pacer role <at>Bob</at> manager <at id="1">Bob</at>', entities: [bob1, bob2] }, BOT_ID)).toEqual({
      command: 'pacer',
      text: 'role <@29:bob-one> manager <@29:bob-two>',
    });
    const renamed = mention('29:ana', "Ana O'Hara", '<at>Ana O&#39;Hara</at>');
    expect(normalizeTeamsText({ text: 'goal set <at>Ana O&apos;Hara</at> 5', entities: [renamed] }, BOT_ID)).toEqual({
      command: 'goal',
      text: 'set <@29:ana> 5',
    });
  });

  it('an <at> without an entity is only the name: nothing says who it is', () => {
    expect(normalizeTeamsText({ text: 'deal 100 <at>Carol</at>', entities: [] }, BOT_ID)).toEqual({ command: 'deal', text: '100 Carol' });
  });

  it('entities decode once; what the user typed as a tag stays text', () => {
    const text = '<p>deal 12500 AT&amp;T &lt;b&gt;Corp&lt;/b&gt; O&#39;Brien&nbsp;&amp;&nbsp;Sons &#x1F600; &quot;x&quot; &amp;lt; &bogus;</p>';
    expect(normalizeTeamsText({ text }, BOT_ID)).toEqual({
      command: 'deal',
      text: '12500 AT&T <b>Corp</b> O\'Brien & Sons 😀 "x" &lt; &bogus;',
    });
  });

  it('block tags become line breaks, other tags go, emoji keep their alt', () => {
    const text =
      '<div><at>Pacer</at> deal lost Acme<br>price was <strong>too</strong> high<br/><br/><br/>' +
      'call back <emoji id="smile" alt="😄" title="Smile"></emoji></div>';
    expect(normalizeTeamsText({ text, entities: [botMention] }, BOT_ID)).toEqual({
      command: 'deal',
      text: 'lost Acme\nprice was too high\n\ncall back 😄',
    });
  });

  it('a typed <@…> arrives entity-escaped and, decoded, reads as that mention (as on Slack)', () => {
    expect(normalizeTeamsText({ text: 'goal set &lt;@29:x&gt; 5' }, BOT_ID)).toEqual({ command: 'goal', text: 'set <@29:x> 5' });
  });

  it('ignores entities that are not well-formed mentions', () => {
    const entities = [null, 'mention', { type: 'mention' }, { type: 'mention', mentioned: { id: 42 } }, { type: 'mention', mentioned: { id: '' } }];
    expect(normalizeTeamsText({ text: 'deal <at>Dan</at>', entities }, BOT_ID)).toEqual({ command: 'deal', text: 'Dan' });
  });
});

describe('readActionSubmit', () => {
  it('reads a button click back to what the renderer sent', () => {
    const card = renderCard(message([buttons(button('deal.undo', 'Undo', { value: '42' }), button('deal.view', 'View'))]));
    const set = card.body[0];
    if (set?.type !== 'ActionSet') throw new Error('no action set');
    const values = set.actions.map((a) => (a.type === 'Action.Submit' ? readActionSubmit(a.data) : undefined));
    expect(values).toEqual([{ actionId: 'deal.undo', value: '42' }, { actionId: 'deal.view' }]);
  });

  it('anything else is not a button click', () => {
    for (const value of [undefined, null, 'deal.undo', ['deal.undo'], {}, { action: '' }, { action: 7 }, { action: 'x', form: 'deal' }]) {
      expect(readActionSubmit(value)).toBeUndefined();
    }
    expect(readActionSubmit({ action: 'x', value: 5 })).toEqual({ actionId: 'x' });
  });
});

describe('readFormSubmit', () => {
  it('reads a form submit: our form id and state, the inputs by field id, empty ones undefined', () => {
    const card = renderFormCard({
      id: 'deal',
      title: 'Log a deal',
      submitLabel: 'Save',
      state: '{"conversation":"19:abc@thread.tacv2"}',
      fields: [
        { kind: 'text', id: 'amount', label: 'Amount' },
        { kind: 'text', id: 'product', label: 'Product', optional: true },
      ],
    });
    const data = card.actions?.[0]?.type === 'Action.Submit' ? card.actions[0].data : undefined;
    if (typeof data !== 'object') throw new Error('no submit data');
    // Teams merges the inputs' values into the data object and sends it as `activity.value`.
    const value: unknown = { ...data, amount: '12500', product: '', outcome: 'won' };
    expect(readFormSubmit(value)).toEqual({
      formId: 'deal',
      state: '{"conversation":"19:abc@thread.tacv2"}',
      values: { amount: '12500', product: undefined, outcome: 'won' },
    });
  });

  it('keeps numbers and booleans as text, drops other shapes, never returns our own keys', () => {
    expect(readFormSubmit({ form: 'f', n: 3, b: true, o: { x: 1 }, blank: '  ', msteams: { type: 'x' }, action: 'a' })).toEqual({
      formId: 'f',
      values: { n: '3', b: 'true', o: undefined, blank: undefined },
    });
  });

  it('anything else is not a form submit', () => {
    for (const value of [undefined, null, 'deal', [{ form: 'deal' }], {}, { form: '' }, { form: 1 }, { action: 'deal.undo', value: '42' }]) {
      expect(readFormSubmit(value)).toBeUndefined();
    }
  });
});

describe('channel threads', () => {
  it('keeps a channel and the thread a message sits in apart', () => {
    expect(splitThread('19:abc@thread.tacv2;messageid=1733000000000')).toEqual({ conversationId: '19:abc@thread.tacv2', threadId: '1733000000000' });
    expect(splitThread('a:1x2y3z')).toEqual({ conversationId: 'a:1x2y3z' });
  });
});
