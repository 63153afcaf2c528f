import type { KnownBlock, SectionBlock } from '@slack/types';
import { sampleForm } from '../fixtures/forms.ts';
import { describe, expect, it } from 'vitest';
import { renderForm, renderMessage, SLACK_LIMITS } from '../../adapters/slack/render.ts';
import { button, buttons, context, divider, field, fields, header, image, message, rows, text } from '../../src/messages/build.ts';
import { fallbackText } from '../../src/messages/fallback.ts';

const blocksOf = (...b: Parameters<typeof message>[0]): KnownBlock[] => renderMessage(message(b)).blocks;

const sectionText = (block: KnownBlock | undefined): string => {
  if (block?.type !== 'section') throw new Error(`expected a section, got ${block?.type}`);
  return (block as SectionBlock).text?.text ?? '';
};

describe('renderMessage: one block of each type', () => {
  it('title → header block, and text = escaped fallback text', () => {
    expect(renderMessage(message([text('Hi')], { title: 'Deal logged' }))).toEqual({
      text: 'Deal logged\nHi',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'Deal logged', emoji: true } },
        { type: 'section', text: { type: 'mrkdwn', text: 'Hi' } },
      ],
    });
  });

  it('header', () => {
    expect(blocksOf(header('This month'))).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'This month', emoji: true } },
    ]);
  });

  it('text in each tone', () => {
    expect(blocksOf(text('plain'), text('Big\nwin ', 'strong'), text('quiet', 'muted'))).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: 'plain' } },
      { type: 'section', text: { type: 'mrkdwn', text: '*Big*\n*win*' } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'quiet' }] },
    ]);
  });

  it('fields', () => {
    expect(blocksOf(fields([field('Amount', '€5,000'), field('Stage', 'won'), field('', 'no label')]))).toEqual([
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Amount*\n€5,000' },
          { type: 'mrkdwn', text: '*Stage*\nwon' },
          { type: 'mrkdwn', text: 'no label' },
        ],
      },
    ]);
  });

  it('actions', () => {
    expect(
      blocksOf(
        buttons(
          button('deal.undo', 'Undo', { value: 'd-1', style: 'danger' }),
          button('deal.edit', 'Edit', { style: 'primary' }),
          button('deal.view', 'View'),
        ),
      ),
    ).toEqual([
      {
        type: 'actions',
        elements: [
          { type: 'button', action_id: 'deal.undo', text: { type: 'plain_text', text: 'Undo', emoji: true }, value: 'd-1', style: 'danger' },
          { type: 'button', action_id: 'deal.edit', text: { type: 'plain_text', text: 'Edit', emoji: true }, style: 'primary' },
          { type: 'button', action_id: 'deal.view', text: { type: 'plain_text', text: 'View', emoji: true } },
        ],
      },
    ]);
  });

  it('repeated action ids are made unique within the message', () => {
    const blocks = blocksOf(
      buttons(button('deal.close', 'Close', { value: 'd-1' })),
      buttons(button('deal.close', 'Close', { value: 'd-2' }), button('deal.close', 'Close', { value: 'd-3' })),
    );
    const ids = blocks.flatMap((b) => (b.type === 'actions' ? b.elements.map((e) => ('action_id' in e ? e.action_id : '')) : []));
    expect(ids).toEqual(['deal.close', 'deal.close#2', 'deal.close#3']);
  });

  it('divider', () => {
    expect(blocksOf(divider())).toEqual([{ type: 'divider' }]);
  });

  it('image', () => {
    expect(blocksOf(image('https://example.com/pace.png', 'Pace chart'))).toEqual([
      { type: 'image', image_url: 'https://example.com/pace.png', alt_text: 'Pace chart' },
    ]);
  });

  it('an image Slack could not fetch becomes its alt text', () => {
    expect(blocksOf(image('ftp://example.com/x.png', 'Pace <chart>'))).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Pace &lt;chart&gt;' }] },
    ]);
  });

  it('rows → readable lines, the rank column as list numbers', () => {
    expect(
      blocksOf(
        rows(
          ['#', 'Name', 'Pace', 'Won'],
          [
            ['1', 'Alice', '120%', '€31,500'],
            ['2', 'Bob', '95%', ''],
          ],
        ),
      ),
    ).toEqual([
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '_Name — Pace · Won_\n1. *Alice* — 120% · €31,500\n2. *Bob* — 95%' },
      },
    ]);
  });

  it('rows without a rank or column names', () => {
    expect(blocksOf(rows([], [['Alice', '3 deals'], ['Bob', '1 deal']]))).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*Alice* — 3 deals\n*Bob* — 1 deal' } },
    ]);
  });

  it('context', () => {
    expect(blocksOf(context('Updated 10:00'))).toEqual([
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Updated 10:00' }] },
    ]);
  });

  it('skips blocks Slack would reject as empty', () => {
    expect(blocksOf(text(''), text('  \n '), header(' '), fields([]), buttons(), rows(['A'], []), context(''))).toEqual([]);
  });
});

describe('renderMessage: Block Kit limits', () => {
  it('60 blocks → 49 kept and a context block saying how many were left out', () => {
    const many = Array.from({ length: 60 }, (_, i) => text(`line ${i + 1}`));
    const blocks = blocksOf(...many);
    expect(blocks).toHaveLength(SLACK_LIMITS.blocksPerMessage);
    expect(sectionText(blocks[48])).toBe('line 49');
    expect(blocks[49]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… +11' }] });
  });

  it('exactly 50 blocks are all kept', () => {
    const blocks = blocksOf(...Array.from({ length: 50 }, () => divider()));
    expect(blocks).toEqual(Array.from({ length: 50 }, () => ({ type: 'divider' })));
  });

  it('uses the moreLabel it is given, escaped', () => {
    const many = Array.from({ length: 55 }, () => divider());
    const { blocks } = renderMessage(message(many), { moreLabel: (n) => `<${n} more>` });
    expect(blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '&lt;6 more&gt;' }] });
  });

  it('12 fields → two sections of at most 10', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => field(`F${i + 1}`, `${i + 1}`));
    const blocks = blocksOf(fields(twelve));
    expect(blocks).toHaveLength(2);
    expect(blocks.map((b) => (b as SectionBlock).fields?.length)).toEqual([10, 2]);
    expect((blocks[1] as SectionBlock).fields?.[1]).toEqual({ type: 'mrkdwn', text: '*F12*\n12' });
  });

  it('a field value over 2000 characters is cut to fit', () => {
    const [block] = blocksOf(fields([field('Note', 'x'.repeat(5000))]));
    const t = (block as SectionBlock).fields?.[0]?.text ?? '';
    expect(t).toHaveLength(SLACK_LIMITS.fieldText);
    expect(t.startsWith('*Note*\nxxx')).toBe(true);
    expect(t.endsWith('x…')).toBe(true);
  });

  it('a 7,000-character text → several sections of at most 3000, split at line ends, nothing lost', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')} ${'a'.repeat(65)}`);
    const long = lines.join('\n');
    expect(long.length).toBeGreaterThanOrEqual(6999);
    const blocks = blocksOf(text(long));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const texts = blocks.map(sectionText);
    for (const t of texts) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(texts.join('\n')).toBe(long);
  });

  it('a single line over 3000 characters is cut with …', () => {
    const blocks = blocksOf(text(`short\n${'b'.repeat(4000)}`));
    expect(blocks.map(sectionText)).toEqual(['short', `${'b'.repeat(2999)}…`]);
  });

  it('cutting never splits an entity or a surrogate pair', () => {
    const [amp] = blocksOf(text('&'.repeat(1000)));
    const t = sectionText(amp);
    expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(t).toMatch(/^(&amp;)+…$/);
    const [emoji] = blocksOf(text('🎉'.repeat(2000)));
    expect(sectionText(emoji)).toMatch(/^(🎉)+…$/u);
  });

  it('keeps the whole message under the total text budget', () => {
    const blocks = blocksOf(...Array.from({ length: 10 }, () => text('c'.repeat(2500))));
    const total = blocks.reduce((n, b) => n + (b.type === 'section' ? sectionText(b).length : 0), 0);
    expect(total).toBeLessThanOrEqual(SLACK_LIMITS.totalText);
    expect(blocks).toHaveLength(4);
    expect(blocks[3]).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '… +7' }] });
  });

  it('a 200-character header is cut to 150', () => {
    const [block] = blocksOf(header('h'.repeat(200)));
    expect(block).toEqual({ type: 'header', text: { type: 'plain_text', text: `${'h'.repeat(149)}…`, emoji: true } });
  });

  it('a 100-character button label is cut to 75', () => {
    const [block] = blocksOf(buttons(button('x', 'l'.repeat(100))));
    expect(block).toEqual({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'x', text: { type: 'plain_text', text: `${'l'.repeat(74)}…`, emoji: true } }],
    });
  });

  it('more than 25 buttons → several actions blocks', () => {
    const blocks = blocksOf(buttons(...Array.from({ length: 30 }, (_, i) => button(`b${i}`, `${i}`))));
    expect(blocks.map((b) => (b.type === 'actions' ? b.elements.length : 0))).toEqual([25, 5]);
  });

  it('a button value over 2000 is a bug reported, not data silently cut', () => {
    expect(() => blocksOf(buttons(button('x', 'X', { value: 'v'.repeat(2001) })))).toThrow(/button value/);
  });

  it('keeps the top-level text within the recommended size', () => {
    const { text: t } = renderMessage(message(Array.from({ length: 100 }, () => text('d'.repeat(100)))));
    expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    expect(t.endsWith('\n…')).toBe(true);
  });
});

describe('renderMessage: user text is escaped exactly once', () => {
  const hostile = ['<!channel>', '<@U123>', '<https://evil|click>', '&lt;'];

  it.each(hostile)('customer named %s comes out inert', (name) => {
    const m = message([text(name), text(name, 'strong'), fields([field('Customer', name)]), context(name), rows(['#', 'Name'], [['1', name]])], {
      title: name,
    });
    const escaped = name.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
    expect(renderMessage(m).blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: name, emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: escaped } },
      { type: 'section', text: { type: 'mrkdwn', text: `*${escaped}*` } },
      { type: 'section', fields: [{ type: 'mrkdwn', text: `*Customer*\n${escaped}` }] },
      { type: 'context', elements: [{ type: 'mrkdwn', text: escaped }] },
      { type: 'section', text: { type: 'mrkdwn', text: `_Name_\n1. *${escaped}*` } },
    ]);
    expect(renderMessage(m).text).not.toMatch(/<|>/);
  });

  it('escapes the label of a field, a header row and the top-level text; fallback text stays raw', () => {
    const m = message([fields([field('<!here>', '<@U123> & co')])], { title: '<!channel> Corp' });
    expect(renderMessage(m)).toEqual({
      text: '&lt;!channel&gt; Corp\n&lt;!here&gt;: &lt;@U123&gt; &amp; co',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '<!channel> Corp', emoji: true } },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*&lt;!here&gt;*\n&lt;@U123&gt; &amp; co' }] },
      ],
    });
    expect(fallbackText(m)).toBe('<!channel> Corp\n<!here>: <@U123> & co');
  });

  it('plain_text button labels are cut, not escaped', () => {
    const [block] = blocksOf(buttons(button('x', 'A & <B>')));
    expect(block).toEqual({
      type: 'actions',
      elements: [{ type: 'button', action_id: 'x', text: { type: 'plain_text', text: 'A & <B>', emoji: true } }],
    });
  });
});

describe('renderForm', () => {
  const form = sampleForm('{"channel":"C0123ABC"}');

  it('renders a modal with one input per field, ids as block and action ids', () => {
    expect(renderForm(form)).toEqual({
      type: 'modal',
      callback_id: 'deal.log',
      private_metadata: '{"channel":"C0123ABC"}',
      title: { type: 'plain_text', text: 'Log a deal', emoji: true },
      submit: { type: 'plain_text', text: 'Save', emoji: true },
      blocks: [
        {
          type: 'input',
          block_id: 'amount',
          label: { type: 'plain_text', text: 'Amount', emoji: true },
          element: {
            type: 'plain_text_input',
            action_id: 'amount',
            max_length: 20,
            placeholder: { type: 'plain_text', text: '12500', emoji: true },
          },
        },
        {
          type: 'input',
          block_id: 'note',
          optional: true,
          label: { type: 'plain_text', text: 'Note', emoji: true },
          element: { type: 'plain_text_input', action_id: 'note', multiline: true, max_length: 3000, initial_value: 'Call back' },
        },
        {
          type: 'input',
          block_id: 'stage',
          label: { type: 'plain_text', text: 'Stage', emoji: true },
          element: {
            type: 'static_select',
            action_id: 'stage',
            options: [
              { text: { type: 'plain_text', text: 'Won', emoji: true }, value: 'won' },
              { text: { type: 'plain_text', text: 'Lost', emoji: true }, value: 'lost' },
            ],
            initial_option: { text: { type: 'plain_text', text: 'Won', emoji: true }, value: 'won' },
          },
        },
        {
          type: 'input',
          block_id: 'owner',
          optional: true,
          label: { type: 'plain_text', text: 'Owner', emoji: true },
          element: { type: 'users_select', action_id: 'owner' },
        },
      ],
    });
  });

  it('cuts the title and submit label to 24 characters and sets a close label when given', () => {
    const view = renderForm(
      { id: 'f', title: 'A very long form title indeed', submitLabel: 'Submit this form right now', fields: [] },
      { closeLabel: 'Cancel' },
    );
    expect(view.title).toEqual({ type: 'plain_text', text: 'A very long form title…', emoji: true });
    expect(view.submit).toEqual({ type: 'plain_text', text: 'Submit this form right…', emoji: true });
    expect(view.close).toEqual({ type: 'plain_text', text: 'Cancel', emoji: true });
    expect(view).not.toHaveProperty('private_metadata');
  });

  it('drops an initial option that is not among the options', () => {
    const view = renderForm({
      id: 'f',
      title: 'T',
      submitLabel: 'S',
      fields: [{ kind: 'select', id: 's', label: 'S', options: [{ value: 'a', label: 'A' }], initial: 'zzz' }],
    });
    expect(view.blocks[0]).toEqual({
      type: 'input',
      block_id: 's',
      label: { type: 'plain_text', text: 'S', emoji: true },
      element: { type: 'static_select', action_id: 's', options: [{ text: { type: 'plain_text', text: 'A', emoji: true }, value: 'a' }] },
    });
  });

  it('rejects repeated field ids (Slack would reject the view)', () => {
    expect(() =>
      renderForm({
        id: 'f',
        title: 'T',
        submitLabel: 'S',
        fields: [
          { kind: 'user', id: 'a', label: 'A' },
          { kind: 'user', id: 'a', label: 'B' },
        ],
      }),
    ).toThrow(/repeats field id a/);
  });
});
