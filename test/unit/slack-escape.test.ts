import { describe, expect, it } from 'vitest';
import { escapeMrkdwn, unescapeSlackText } from '../../adapters/slack/escape.ts';

describe('escapeMrkdwn', () => {
  it('escapes exactly the three control characters, ampersand first', () => {
    expect(escapeMrkdwn('Q&A <b> 3 > 2')).toBe('Q&amp;A &lt;b&gt; 3 &gt; 2');
  });

  it('turns mentions, broadcasts and links typed as text into inert text', () => {
    expect(escapeMrkdwn('<!channel>')).toBe('&lt;!channel&gt;');
    expect(escapeMrkdwn('<!here>')).toBe('&lt;!here&gt;');
    expect(escapeMrkdwn('<@U123>')).toBe('&lt;@U123&gt;');
    expect(escapeMrkdwn('<#C1>')).toBe('&lt;#C1&gt;');
    expect(escapeMrkdwn('<https://evil|click>')).toBe('&lt;https://evil|click&gt;');
    expect(escapeMrkdwn('<!subteam^S1|@team>')).toBe('&lt;!subteam^S1|@team&gt;');
  });

  it('escapes text that already looks escaped, so it shows as typed', () => {
    expect(escapeMrkdwn('&lt;')).toBe('&amp;lt;');
  });

  it('leaves formatting characters alone (Slack has no escape for them; see escape.ts)', () => {
    expect(escapeMrkdwn('*bold* _it_ ~s~ `c` :tada:')).toBe('*bold* _it_ ~s~ `c` :tada:');
  });

  it('leaves text without control characters unchanged', () => {
    expect(escapeMrkdwn('Žiga Novak — €31.500')).toBe('Žiga Novak — €31.500');
  });
});

describe('unescapeSlackText', () => {
  it('turns the three entities back into characters', () => {
    expect(unescapeSlackText('Q&amp;A &lt;b&gt;')).toBe('Q&A <b>');
  });

  it('unescapes once: text escaped once comes back exactly', () => {
    for (const raw of ['&lt;', '&amp;amp;', '<!channel> & <@U1>', 'a&b', '&gt;&lt;']) {
      expect(unescapeSlackText(escapeMrkdwn(raw))).toBe(raw);
    }
  });

  it('leaves other entities and stray ampersands alone', () => {
    expect(unescapeSlackText('&quot; &#39; & &amp')).toBe('&quot; &#39; & &amp');
  });
});
