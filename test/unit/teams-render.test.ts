import { cardProblems } from '../helpers/adaptive-card-validator.ts';
import { sampleForm } from '../fixtures/forms.ts';
import { describe, expect, it } from 'vitest';
import { escapeTeamsText } from '../../adapters/teams/escape.ts';
import {
  ADAPTIVE_CARD_SCHEMA,
  payloadBytes,
  renderActivity,
  renderCard,
  renderFormCard,
  TEAMS_LIMITS,
  type AdaptiveCard,
  type FormCardOptions,
  type RenderOptions,
} from '../../adapters/teams/render.ts';
import { helpMessage } from '../../src/bot/replies.ts';
import { createCommandRegistry } from '../../src/commands.ts';
import type { Deal } from '../../src/domain/deals/deal.table.ts';
import { dealForm, dealLoggedMessage } from '../../src/domain/deals/deal.views.ts';
import { goalForm } from '../../src/domain/goals/goal.form.ts';
import type { GoalStatus } from '../../src/domain/goals/goal.ts';
import type { Goal } from '../../src/domain/goals/goal.table.ts';
import { goalsMessage } from '../../src/domain/goals/goal.views.ts';
import { computePace } from '../../src/domain/goals/pace.ts';
import type { Ranked } from '../../src/domain/leaderboard/leaderboard.ts';
import { leaderboardMessage } from '../../src/domain/leaderboard/leaderboard.views.ts';
import { createFormats } from '../../src/i18n/formats-impl.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { button, buttons, context, divider, field, fields, header, image, message, rows, text } from '../../src/messages/build.ts';
import { fallbackText } from '../../src/messages/fallback.ts';
import type { Form, Message } from '../../src/messages/message.ts';

// ——— the official parser as the judge of every card these tests make ———

// The package's main entry (lib/) needs a DOM; its bundled build in dist/ parses and validates in Node.
/** Renders and fails the test on any problem the parser finds. */
function validCard(m: Message, options?: RenderOptions): AdaptiveCard {
  const card = renderCard(m, options);
  expect(cardProblems(card)).toEqual([]);
  return card;
}

function validForm(form: Form, options?: FormCardOptions): AdaptiveCard {
  const card = renderFormCard(form, options);
  expect(cardProblems(card)).toEqual([]);
  return card;
}

const bodyOf = (...b: Parameters<typeof message>[0]): AdaptiveCard['body'] => validCard(message(b)).body;

describe('the parser really judges', () => {
  it('reports a deliberately broken card', () => {
    const broken = {
      type: 'AdaptiveCard',
      version: '1.5',
      body: [
        { type: 'TextBlock', text: 'x', size: 'Huge' },
        { type: 'Input.Text', isRequired: true },
        { type: 'Carousel', pages: [] },
      ],
      actions: [{ type: 'Action.Submit', title: 'Go', style: 'danger' }],
    };
    expect(cardProblems(broken)).toEqual([
      'parse: Invalid value "Huge" for property "size".',
      'parse: Unknown element type "Carousel". Fallback will be used if present.',
      'parse: Invalid value "danger" for property "style".',
      'validate: All inputs must have a unique Id.',
      'validate: Required inputs should have a label',
      'validate: Required inputs should have an error message',
      'dropped: .body kept 2 of 3',
      'dropped: .actions.0.style',
    ]);
  });

  it('reports a property the 1.5 schema does not know (a typo, or one from a later version)', () => {
    const body = [
      { type: 'Image', url: 'https://example.com/a.png', altTxt: 'typo' },
      { type: 'Input.Text', id: 'a', label: 'A', labelPosition: 'inline' },
    ];
    expect(cardProblems({ type: 'AdaptiveCard', version: '1.5', body })).toEqual([
      'parse: Property "labelPosition" is supported in version 1.6, but you are using version 1.5.',
      'dropped: .body.0.altTxt',
      'dropped: .body.1.labelPosition',
    ]);
  });
});

describe('escapeTeamsText', () => {
  it('escapes markdown, HTML, entities and text functions anywhere in a line', () => {
    expect(escapeTeamsText('**Acme** _x_ ~y~ `z` [a](b) <at>A</at> AT&amp;T {{DATE(x)}} C:\\temp')).toBe(
      '\\*\\*Acme\\*\\* \\_x\\_ \\~y\\~ \\`z\\` \\[a\\]\\(b\\) \\<at\\>A\\</at\\> AT\\&amp;T \\{\\{DATE\\(x\\)\\}\\} C:\\\\temp',
    );
  });

  it('escapes heading, list, quote and setext markers only at the start of a line', () => {
    expect(escapeTeamsText('# h\n- a\n+ b\n1. c\n10) d\n> q\n===\nD-42 #1 costs 1.5 + 2')).toBe(
      '\\# h\n\n\\- a\n\n\\+ b\n\n1\\. c\n\n10\\) d\n\n\\> q\n\n\\===\n\nD-42 #1 costs 1.5 + 2',
    );
  });

  it('keeps line breaks as paragraph breaks and indentation as no-break spaces', () => {
    expect(escapeTeamsText('a\r\n  b\r\tc\n    - d')).toBe('a\n\n\u00A0\u00A0b\n\n\u00A0c\n\n\u00A0\u00A0\u00A0\u00A0\\- d');
  });

  it('leaves plain words, @everyone and non-ASCII alone', () => {
    expect(escapeTeamsText('Žiga @everyone €5,000 – 120% ✓')).toBe('Žiga @everyone €5,000 – 120% ✓');
  });
});

describe('renderCard: one block of each type', () => {
  it('the card: schema, version 1.5, full width, title as a heading', () => {
    expect(validCard(message([text('Hi')], { title: 'Deal logged' }))).toEqual({
      type: 'AdaptiveCard',
      $schema: ADAPTIVE_CARD_SCHEMA,
      version: '1.5',
      msteams: { width: 'Full' },
      body: [
        { type: 'TextBlock', text: 'Deal logged', size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
        { type: 'TextBlock', text: 'Hi', wrap: true },
      ],
    });
  });

  it('header', () => {
    expect(bodyOf(header('This month'))).toEqual([
      { type: 'TextBlock', text: 'This month', size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
    ]);
  });

  it('text in each tone', () => {
    expect(bodyOf(text('plain'), text('Big\nwin', 'strong'), text('quiet', 'muted'))).toEqual([
      { type: 'TextBlock', text: 'plain', wrap: true },
      { type: 'TextBlock', text: 'Big\n\nwin', wrap: true, weight: 'Bolder' },
      { type: 'TextBlock', text: 'quiet', wrap: true, isSubtle: true },
    ]);
  });

  it('context', () => {
    expect(bodyOf(context('Updated 10:00'))).toEqual([
      { type: 'TextBlock', text: 'Updated 10:00', wrap: true, isSubtle: true, size: 'Small' },
    ]);
  });

  it('fields → a FactSet', () => {
    expect(bodyOf(fields([field('Amount', '€5,000'), field('Stage', 'won'), field('', 'no label'), field(' ', ' ')]))).toEqual([
      {
        type: 'FactSet',
        facts: [
          { title: 'Amount', value: '€5,000' },
          { title: 'Stage', value: 'won' },
          { title: '', value: 'no label' },
        ],
      },
    ]);
  });

  it('actions → an ActionSet of Action.Submit carrying { action, value }', () => {
    expect(
      bodyOf(
        buttons(
          button('deal.undo', 'Undo', { value: 'd-1', style: 'danger' }),
          button('deal.edit', 'Edit', { style: 'primary' }),
          button('deal.view', 'View'),
        ),
      ),
    ).toEqual([
      {
        type: 'ActionSet',
        actions: [
          { type: 'Action.Submit', title: 'Undo', style: 'destructive', data: { action: 'deal.undo', value: 'd-1' } },
          { type: 'Action.Submit', title: 'Edit', style: 'positive', data: { action: 'deal.edit' } },
          { type: 'Action.Submit', title: 'View', data: { action: 'deal.view' } },
        ],
      },
    ]);
  });

  it('divider → a separator line on the next element; none at either end', () => {
    expect(bodyOf(divider(), text('a'), divider(), divider(), fields([field('F', '1')]), divider())).toEqual([
      { type: 'TextBlock', text: 'a', wrap: true },
      { type: 'FactSet', facts: [{ title: 'F', value: '1' }], separator: true },
    ]);
  });

  it('image', () => {
    expect(bodyOf(image('https://example.com/pace.png', 'Pace chart'))).toEqual([
      { type: 'Image', url: 'https://example.com/pace.png', altText: 'Pace chart' },
    ]);
  });

  it('an image Teams would not load (not HTTPS) becomes its alt text', () => {
    expect(bodyOf(image('http://example.com/x.png', 'Pace <chart>'))).toEqual([
      { type: 'TextBlock', text: 'Pace \\<chart\\>', wrap: true, isSubtle: true },
    ]);
  });

  it('rows → a Table with the column names as its header row', () => {
    const cell = (t: string, bold = false) => ({
      type: 'TableCell',
      items: [{ type: 'TextBlock', text: t, wrap: true, ...(bold && { weight: 'Bolder' }) }],
    });
    expect(
      bodyOf(
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
        type: 'Table',
        columns: [{ width: 1 }, { width: 3 }, { width: 2, horizontalCellContentAlignment: 'Right' }, { width: 2, horizontalCellContentAlignment: 'Right' }],
        firstRowAsHeaders: true,
        rows: [
          { type: 'TableRow', cells: [cell('\\#', true), cell('Name', true), cell('Pace', true), cell('Won', true)] },
          { type: 'TableRow', cells: [cell('1'), cell('Alice'), cell('120%'), cell('€31,500')] },
          { type: 'TableRow', cells: [cell('2'), cell('Bob'), cell('95%'), { type: 'TableCell', items: [] }] },
        ],
      },
    ]);
  });

  it('rows without column names have no header row; ragged rows are padded', () => {
    expect(bodyOf(rows([], [['Alice', '3 deals'], ['Bob']]))).toEqual([
      {
        type: 'Table',
        columns: [{ width: 3 }, { width: 3 }],
        firstRowAsHeaders: false,
        rows: [
          {
            type: 'TableRow',
            cells: [
              { type: 'TableCell', items: [{ type: 'TextBlock', text: 'Alice', wrap: true }] },
              { type: 'TableCell', items: [{ type: 'TextBlock', text: '3 deals', wrap: true }] },
            ],
          },
          {
            type: 'TableRow',
            cells: [{ type: 'TableCell', items: [{ type: 'TextBlock', text: 'Bob', wrap: true }] }, { type: 'TableCell', items: [] }],
          },
        ],
      },
    ]);
  });

  it('skips blocks that would render empty', () => {
    expect(bodyOf(text(''), text('  \n '), header(' '), fields([]), buttons(), rows(['A'], []), context(''), image('ftp://x', ' '))).toEqual([]);
  });
});

describe('renderActivity', () => {
  it('wraps the card with the plain fallback text as its summary (no `text`: Teams would show it twice)', () => {
    const m = message([text('Acme *Corp*'), fields([field('Amount', '€5,000')])], { title: 'Deal logged' });
    const activity = renderActivity(m);
    expect(activity).toEqual({
      type: 'message',
      summary: 'Deal logged\nAcme *Corp*\nAmount: €5,000',
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: renderCard(m) }],
    });
    expect(cardProblems(activity.attachments[0].content)).toEqual([]);
  });
});

describe('renderCard: size', () => {
  const board = (n: number): Message =>
    message(
      [rows(['#', 'Name', 'Pace', 'Won'], Array.from({ length: n }, (_, i) => [String(i + 1), `Rep number ${i + 1}`, `${100 - (i % 50)}%`, `€${(n - i) * 1000}`]))],
      { title: 'Leaderboard' },
    );

  it('a 200-row message stays under 28 KB: leading rows kept, then "… +N"', () => {
    const card = validCard(board(200));
    const json = JSON.stringify(card);
    expect(Buffer.byteLength(json, 'utf8')).toBeLessThan(28 * 1024);
    expect(payloadBytes(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
    const [title, table, marker, ...rest] = card.body;
    expect(rest).toEqual([]);
    expect(title).toMatchObject({ type: 'TextBlock', text: 'Leaderboard' });
    if (table?.type !== 'Table') throw new Error(`expected a table, got ${table?.type}`);
    const kept = (table.rows?.length ?? 0) - 1;
    expect(kept).toBeGreaterThan(10);
    expect(table.rows?.[kept]?.cells?.[1]).toEqual({ type: 'TableCell', items: [{ type: 'TextBlock', text: `Rep number ${kept}`, wrap: true }] });
    expect(marker).toEqual({ type: 'TextBlock', text: `… +${200 - kept}`, isSubtle: true, size: 'Small', wrap: true });
    // And as a whole message, with its fallback text.
    const activity = renderActivity(board(200));
    expect(payloadBytes(activity)).toBeLessThanOrEqual(TEAMS_LIMITS.messageBytes);
    expect(Buffer.byteLength(JSON.stringify(activity), 'utf8')).toBeLessThan(28 * 1024);
    expect(activity.summary.endsWith('\n…')).toBe(true);
  });

  it('a message that fits is not cut', () => {
    const card = validCard(board(10));
    expect(card.body).toHaveLength(2);
  });

  it('uses the moreLabel it is given, escaped', () => {
    const many = Array.from({ length: 400 }, (_, i) => text(`line ${i} ${'x'.repeat(80)}`));
    const card = validCard(message(many), { moreLabel: (n) => `<${n} more>` });
    const last = card.body.at(-1);
    expect(last).toMatchObject({ type: 'TextBlock', isSubtle: true, size: 'Small' });
    expect(last?.type === 'TextBlock' && last.text).toBe(`\\<${400 - (card.body.length - 1)} more\\>`);
    expect(payloadBytes(card)).toBeLessThanOrEqual(TEAMS_LIMITS.cardBytes);
  });

  it('dividers are not counted among what was left out', () => {
    const many = Array.from({ length: 300 }, (_, i) => [text(`${i} ${'y'.repeat(60)}`), divider()]).flat();
    const card = validCard(message(many));
    const kept = card.body.length - 1;
    expect(card.body.at(-1)).toMatchObject({ text: `… +${300 - kept}` });
  });

  it('a 7,000-character text → several TextBlocks split at line ends, nothing lost', () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${String(i).padStart(3, '0')} ${'a'.repeat(65)}`);
    const blocks = bodyOf(text(lines.join('\n')));
    expect(blocks.length).toBeGreaterThanOrEqual(3);
    const texts = blocks.map((b) => (b.type === 'TextBlock' ? b.text : ''));
    for (const t of texts) expect(t.replaceAll('\n\n', '\n').length).toBeLessThanOrEqual(TEAMS_LIMITS.textChars);
    expect(texts.join('\n\n')).toBe(lines.join('\n\n'));
  });

  it('a single over-long line is cut with …', () => {
    expect(bodyOf(text('b'.repeat(2500)))).toEqual([{ type: 'TextBlock', text: `${'b'.repeat(1999)}…`, wrap: true }]);
  });

  it('12 fields → FactSets of at most 10; 7 buttons → ActionSets of at most 5', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => field(`F${i + 1}`, `${i + 1}`));
    const seven = Array.from({ length: 7 }, (_, i) => button(`b${i}`, `${i}`));
    const body = bodyOf(fields(twelve), buttons(...seven));
    expect(body.map((b) => (b.type === 'FactSet' ? b.facts.length : b.type === 'ActionSet' ? b.actions.length : 0))).toEqual([10, 2, 5, 2]);
  });
});

describe('renderCard: user text is escaped exactly once', () => {
  const hostile = '**bold** [x](https://evil) <at>Alice</at> @everyone';
  const escaped = '\\*\\*bold\\*\\* \\[x\\]\\(https://evil\\) \\<at\\>Alice\\</at\\> @everyone';

  it('a customer named with markdown, a link and a mention comes out inert, with no mention entities', () => {
    const m = message(
      [text(hostile), text(hostile, 'strong'), fields([field(hostile, hostile)]), context(hostile), rows(['#', 'Customer'], [['1', hostile]]), buttons(button('x', hostile))],
      { title: hostile },
    );
    const card = validCard(m);
    expect(card.body).toEqual([
      { type: 'TextBlock', text: escaped, size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
      { type: 'TextBlock', text: escaped, wrap: true },
      { type: 'TextBlock', text: escaped, wrap: true, weight: 'Bolder' },
      { type: 'FactSet', facts: [{ title: escaped, value: escaped }] },
      { type: 'TextBlock', text: escaped, wrap: true, isSubtle: true, size: 'Small' },
      {
        type: 'Table',
        columns: [{ width: 1 }, { width: 3 }],
        firstRowAsHeaders: true,
        rows: [
          {
            type: 'TableRow',
            cells: [
              { type: 'TableCell', items: [{ type: 'TextBlock', text: '\\#', wrap: true, weight: 'Bolder' }] },
              { type: 'TableCell', items: [{ type: 'TextBlock', text: 'Customer', wrap: true, weight: 'Bolder' }] },
            ],
          },
          {
            type: 'TableRow',
            cells: [
              { type: 'TableCell', items: [{ type: 'TextBlock', text: '1', wrap: true }] },
              { type: 'TableCell', items: [{ type: 'TextBlock', text: escaped, wrap: true }] },
            ],
          },
        ],
      },
      // A button title is plain text in Teams: escaping it would only show backslashes.
      { type: 'ActionSet', actions: [{ type: 'Action.Submit', title: hostile, data: { action: 'x' } }] },
    ]);
    expect(card.msteams).toEqual({ width: 'Full' });
    expect(JSON.stringify(card)).not.toContain('entities');
  });

  it('the activity summary is the plain fallback text (a summary is not parsed as markdown)', () => {
    const m = message([fields([field('Customer', hostile)])], { title: 'AT&T' });
    expect(renderActivity(m).summary).toBe(`AT&T\nCustomer: ${hostile}`);
    expect(renderActivity(m).summary).toBe(fallbackText(m));
  });

  it('already-escaped-looking text is escaped again, not trusted', () => {
    expect(bodyOf(text('\\*not bold\\* &lt;at&gt;'))).toEqual([{ type: 'TextBlock', text: '\\\\\\*not bold\\\\\\* \\&lt;at\\&gt;', wrap: true }]);
  });
});

describe('renderFormCard', () => {
  const form = sampleForm('{"conversation":"19:abc@thread.tacv2"}');

  it('one input per field, ids as input ids, one Action.Submit carrying { form, state }', () => {
    expect(validForm(form)).toEqual({
      type: 'AdaptiveCard',
      $schema: ADAPTIVE_CARD_SCHEMA,
      version: '1.5',
      msteams: { width: 'Full' },
      body: [
        { type: 'TextBlock', text: 'Log a deal', size: 'Medium', weight: 'Bolder', wrap: true, style: 'heading' },
        { type: 'Input.Text', id: 'amount', label: 'Amount', isRequired: true, errorMessage: 'Amount is required.', placeholder: '12500', maxLength: 20 },
        { type: 'Input.Text', id: 'note', label: 'Note', isRequired: false, isMultiline: true, maxLength: 5000, value: 'Call back' },
        {
          type: 'Input.ChoiceSet',
          id: 'stage',
          label: 'Stage',
          isRequired: true,
          errorMessage: 'Stage is required.',
          style: 'compact',
          choices: [
            { title: 'Won', value: 'won' },
            { title: 'Lost', value: 'lost' },
          ],
          value: 'won',
        },
        { type: 'Input.Text', id: 'owner', label: 'Owner', isRequired: false, placeholder: 'Name or e-mail address' },
      ],
      actions: [{ type: 'Action.Submit', title: 'Save', style: 'positive', data: { form: 'deal.log', state: '{"conversation":"19:abc@thread.tacv2"}' } }],
    });
  });

  it('takes translated texts; drops an initial choice that is not an option; no state, no state key', () => {
    const card = validForm(
      {
        id: 'f',
        title: 'T',
        submitLabel: 'S',
        fields: [
          { kind: 'select', id: 's', label: 'Faza', options: [{ value: 'a', label: 'A' }], initial: 'zzz' },
          { kind: 'user', id: 'u', label: 'Kdo' },
        ],
      },
      { requiredMessage: (label) => `Izpolni: ${label}`, userPlaceholder: 'Ime ali e-pošta' },
    );
    expect(card.body.slice(1)).toEqual([
      { type: 'Input.ChoiceSet', id: 's', label: 'Faza', isRequired: true, errorMessage: 'Izpolni: Faza', style: 'compact', choices: [{ title: 'A', value: 'a' }] },
      { type: 'Input.Text', id: 'u', label: 'Kdo', isRequired: true, errorMessage: 'Izpolni: Kdo', placeholder: 'Ime ali e-pošta' },
    ]);
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: 'S', style: 'positive', data: { form: 'f' } }]);
  });

  it('rejects field ids Teams would merge into our own submit data, and repeated ones', () => {
    for (const id of ['form', 'state', 'action', 'value', 'msteams', '']) {
      expect(() => renderFormCard({ id: 'f', title: 'T', submitLabel: 'S', fields: [{ kind: 'user', id, label: 'X' }] })).toThrow(/field id Teams cannot carry/);
    }
    expect(() =>
      renderFormCard({
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

describe('real Pacer messages render to valid cards', () => {
  const t = translator('en');
  const fmt = createFormats('en');
  const at = new Date('2026-11-18T10:00:00Z');

  const deal: Deal = {
    id: 1n,
    workspace_id: 1,
    number: 42,
    member_id: 1,
    team_id: null,
    customer: 'Acme *Corp* <at>Bob</at>',
    product: 'Widgets_2',
    amount_minor: 1_250_000n,
    currency: 'EUR',
    stage: 'won',
    loss_reason: null,
    occurred_at: at,
    won_at: at,
    delivered_at: null,
    serviced_at: null,
    lost_at: null,
    ref: null,
    created_at: at,
  };
  const goal: Goal = {
    id: 7,
    workspace_id: 1,
    scope: 'rep',
    member_id: 1,
    team_id: null,
    subject_key: 'rep:1',
    metric: 'revenue',
    period: 'month',
    period_start: '2026-11-01',
    period_end: '2026-12-01',
    target: 5_000_000n,
    currency: 'EUR',
    created_by: 1,
    created_at: at,
    updated_at: at,
  };
  const status: GoalStatus = {
    goal,
    subjectName: 'Alice [Sales]',
    progress: 3_150_000n,
    pace: computePace({ target: 5_000_000n, progress: 3_150_000n, workingDaysTotal: 21, workingDaysElapsed: 12 }),
  };
  const teamStatus: GoalStatus = { ...status, goal: { ...goal, id: 8, scope: 'team', member_id: null, team_id: 3, subject_key: 'team:3' }, subjectName: 'North' };

  const textsOf = (card: AdaptiveCard): string[] => card.body.flatMap((b) => (b.type === 'TextBlock' ? [b.text] : []));

  it('dealLoggedMessage (won, with a goal): escaped customer, the goal line, Undo as a destructive submit', () => {
    const card = validCard(dealLoggedMessage({ deal, goals: [status] }, t, fmt));
    expect(textsOf(card)[0]).toContain('Acme \\*Corp\\* \\<at\\>Bob\\</at\\>');
    expect(textsOf(card)[0]).toContain('Widgets\\_2');
    expect(card.body.at(-1)).toEqual({
      type: 'ActionSet',
      actions: [{ type: 'Action.Submit', title: 'Undo', style: 'destructive', data: { action: 'deal.undo', value: '42' } }],
    });
    expect(renderActivity(dealLoggedMessage({ deal, goals: [status] }, t, fmt)).summary).toContain('Acme *Corp*');
  });

  it('dealLoggedMessage (lost, no goal)', () => {
    const lost: Deal = { ...deal, stage: 'lost', loss_reason: 'price', amount_minor: null, won_at: null, lost_at: at };
    const card = validCard(dealLoggedMessage({ deal: lost, goals: [] }, t, fmt));
    expect(card.body.map((b) => b.type)).toEqual(['TextBlock', 'TextBlock', 'ActionSet']);
  });

  it('goalsMessage, with goals and with none', () => {
    const card = validCard(goalsMessage([status, teamStatus], t, fmt));
    expect(textsOf(card)[0]).toBe(escapeTeamsText(t('goals.title')));
    expect(textsOf(card)).toContain(`Alice \\[Sales\\] · ${t('time.period.month')}`);
    validCard(goalsMessage([], t, fmt));
  });

  it('leaderboardMessage: a Table with a header row, the caller below the top ten', () => {
    const ranked = (i: number): Ranked => ({
      memberId: i,
      name: i === 3 ? 'Ana_Marija *' : `Rep ${i}`,
      won: BigInt(100_000 * (20 - i)),
      target: i % 4 === 0 ? null : 1_000_000n,
      attainment: i % 4 === 0 ? null : (20 - i) / 10,
      rank: i,
      position: i,
    });
    const board = { rows: Array.from({ length: 12 }, (_, i) => ranked(i + 1)), total: 15 };
    const card = validCard(leaderboardMessage({ board, period: 'month', currency: 'EUR', callerId: 12 }, t, fmt));
    const table = card.body.find((b) => b.type === 'Table');
    if (table?.type !== 'Table') throw new Error('no table');
    // Header, ten places, the "…" row and the caller's own.
    expect(table.rows).toHaveLength(13);
    expect(table.firstRowAsHeaders).toBe(true);
    expect(JSON.stringify(table)).toContain('Ana\\\\_Marija \\\\*');
    expect(card.body.at(-1)).toMatchObject({ type: 'TextBlock', isSubtle: true, size: 'Small' });
  });

  it('helpMessage: the overview and one command', () => {
    const registry = createCommandRegistry();
    const overview = validCard(helpMessage(registry, 'pacer', t));
    expect(overview.body.length).toBeGreaterThan(3);
    // Usage lines such as `/goal set <@rep | team <name> …>` must show their brackets, not vanish as HTML.
    expect(textsOf(overview).join('\n')).toContain('\\<@rep');
    validCard(helpMessage(registry, 'deal', t));
  });

  it('dealForm renders to a valid form card', () => {
    const card = validForm(dealForm(t, '{"conversation":"19:abc"}'));
    expect(card.body.filter((b) => b.type === 'Input.Text' || b.type === 'Input.ChoiceSet').map((b) => ('id' in b ? b.id : ''))).toEqual([
      'outcome',
      'amount',
      'customer',
      'product',
      'reason',
    ]);
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: t('deals.form.submit'), style: 'positive', data: { form: 'deal', state: '{"conversation":"19:abc"}' } }]);
  });

  it('goalForm renders to a valid form card', () => {
    const card = validForm(goalForm(t));
    expect(card.actions).toEqual([{ type: 'Action.Submit', title: t('goals.form.submit'), style: 'positive', data: { form: 'goal set' } }]);
  });
});
