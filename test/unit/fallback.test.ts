import { describe, expect, it } from 'vitest';
import { fallbackText } from '../../src/messages/fallback.ts';
import { button, buttons, context, divider, fields, header, image, message, rows, text } from '../../src/messages/build.ts';

describe('fallbackText', () => {
  it('writes the title, then each block as plain lines', () => {
    const m = message(
      [
        header('This month'),
        text('Three deals closed.', 'strong'),
        fields([
          ['Amount', '€5,000'],
          ['Stage', 'won'],
        ]),
        divider(),
        image('https://example.com/chart.png', 'Pace chart'),
        buttons(button('deal.undo', 'Undo'), button('deal.edit', 'Edit', { style: 'primary' })),
        context('Updated 10:00'),
      ],
      { title: 'Deal logged' },
    );
    expect(fallbackText(m)).toBe(
      [
        'Deal logged',
        'This month',
        'Three deals closed.',
        'Amount: €5,000',
        'Stage: won',
        '',
        'Pace chart',
        '[Undo] [Edit]',
        'Updated 10:00',
      ].join('\n'),
    );
  });

  it('lines rows up in columns, numbers to the right', () => {
    const m = message([
      rows(
        ['#', 'Name', 'Pace', 'Won'],
        [
          ['1', 'Alice', '120%', '€31,500'],
          ['2', 'Bob Marley', '95%', '€8,000'],
          ['10', 'Žana', '7%', '€500'],
        ],
      ),
    ]);
    expect(fallbackText(m)).toBe(
      [
        ' #  Name        Pace      Won',
        ' 1  Alice       120%  €31,500',
        ' 2  Bob Marley   95%   €8,000',
        '10  Žana          7%     €500',
      ].join('\n'),
    );
  });

  it('keeps rows without column names, and skips empty rows blocks', () => {
    const m = message([rows([], [['Alice', '3'], ['Bo', '12']]), rows(['A'], [])]);
    expect(fallbackText(m)).toBe(['Alice   3', 'Bo     12'].join('\n'));
  });

  it('never escapes: user text stays exactly as typed', () => {
    const m = message([fields([['Customer', '<!channel> & <@U123> <https://evil|click> &lt;']])], {
      title: '<!here>',
    });
    expect(fallbackText(m)).toBe('<!here>\nCustomer: <!channel> & <@U123> <https://evil|click> &lt;');
  });

  it('collapses blank lines and trims the ends', () => {
    const m = message([divider(), text('a'), divider(), divider(), text('b\n\n\nc  '), divider()]);
    expect(fallbackText(m)).toBe('a\n\nb\n\nc');
  });

  it('is empty for an empty message', () => {
    expect(fallbackText(message([]))).toBe('');
  });
});
