import { describe, expect, it } from 'vitest';
import { neutralActionId, normalizeCommandText, readViewValues } from '../../adapters/slack/parse.ts';
import type { ViewStateValues } from '../../adapters/slack/parse.ts';

describe('normalizeCommandText (should_escape payload text)', () => {
  it('turns a labelled user mention into the neutral <@ID>', () => {
    expect(normalizeCommandText('<@U0123ABC|alice> 50000 month')).toBe('<@U0123ABC> 50000 month');
  });

  it('keeps a bare user mention and accepts enterprise W ids', () => {
    expect(normalizeCommandText('<@U0123ABC> and <@W0456DEF|bob>')).toBe('<@U0123ABC> and <@W0456DEF>');
  });

  it('turns a channel reference into the neutral <#ID>', () => {
    expect(normalizeCommandText('<#C1|sales>')).toBe('<#C1>');
    expect(normalizeCommandText('post to <#C0123ABC> weekly')).toBe('post to <#C0123ABC> weekly');
  });

  it('gives back what the user typed when it only looks like markup (raw text for the core)', () => {
    expect(normalizeCommandText('&lt;!channel&gt; Corp')).toBe('<!channel> Corp');
    expect(normalizeCommandText('12500 Q&amp;A &amp; Sons &gt; 3')).toBe('12500 Q&A & Sons > 3');
    expect(normalizeCommandText('&amp;lt;')).toBe('&lt;');
  });

  it('turns broadcasts and user groups into plain words', () => {
    expect(normalizeCommandText('<!channel> big win')).toBe('@channel big win');
    expect(normalizeCommandText('<!here|@here> now')).toBe('@here now');
    expect(normalizeCommandText('<!subteam^S0123|@sales-team> goal')).toBe('@sales-team goal');
    expect(normalizeCommandText('<!subteam^S0123>')).toBe('@S0123');
  });

  it('turns links into their label, or the url when there is none', () => {
    expect(normalizeCommandText('<https://evil.example|click> me')).toBe('click me');
    expect(normalizeCommandText('see <https://example.com/a?b=1&amp;c=2>')).toBe('see https://example.com/a?b=1&c=2');
    expect(normalizeCommandText('<mailto:ana@example.com|ana@example.com>')).toBe('ana@example.com');
    expect(normalizeCommandText('<https://x.example|R&amp;D>')).toBe('R&D');
  });

  it('turns a date token into its fallback text', () => {
    expect(normalizeCommandText('<!date^1392734382^{date_short}|Feb 18, 2014> 500')).toBe('Feb 18, 2014 500');
  });

  it('does not treat something that is not an id as a mention', () => {
    expect(normalizeCommandText('<@alice>')).toBe('@alice');
  });

  it('leaves ordinary text untouched', () => {
    expect(normalizeCommandText('12500 Acme Corp — €, ž, 🎉')).toBe('12500 Acme Corp — €, ž, 🎉');
    expect(normalizeCommandText('')).toBe('');
  });
});

describe('readViewValues', () => {
  it('reads text inputs, static selects and user selects, keyed by block id', () => {
    const state: ViewStateValues = {
      amount: { amount: { type: 'plain_text_input', value: '12500' } },
      note: { note: { type: 'plain_text_input', value: null } },
      stage: {
        stage: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Won', emoji: true }, value: 'won' },
        },
      },
      period: { period: { type: 'static_select', selected_option: null } },
      owner: { owner: { type: 'users_select', selected_user: 'U0123ABC' } },
      blank: { blank: { type: 'plain_text_input', value: '' } },
    };
    expect(readViewValues(state)).toEqual({
      amount: '12500',
      note: undefined,
      stage: 'won',
      period: undefined,
      owner: 'U0123ABC',
      blank: undefined,
    });
  });

  it('keeps what the user typed as is (modal values are not entity-escaped)', () => {
    expect(readViewValues({ customer: { customer: { type: 'plain_text_input', value: '<!channel> & Co' } } })).toEqual({
      customer: '<!channel> & Co',
    });
  });

  it('falls back to the first element when the action id differs from the block id', () => {
    expect(readViewValues({ who: { other: { type: 'users_select', selected_user: 'U9' } } })).toEqual({ who: 'U9' });
  });
});

describe('neutralActionId', () => {
  it('strips the copy number the renderer adds to repeated action ids', () => {
    expect(neutralActionId('deal.close')).toBe('deal.close');
    expect(neutralActionId('deal.close#2')).toBe('deal.close');
    expect(neutralActionId('deal.close#12')).toBe('deal.close');
    expect(neutralActionId('deal#close')).toBe('deal#close');
  });
});
