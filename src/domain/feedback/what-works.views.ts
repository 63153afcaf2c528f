import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import { context, divider, message, rows, text } from '../../messages/build.ts';
import type { Block, Message } from '../../messages/message.ts';
import { EXAMPLES } from './feedback.ts';
import { byline, quote, techniqueBlocks } from './feedback.views.ts';
import type { WhatWorks } from './what-works.ts';

/** The period as days in the workspace's zone: `to` is exclusive, so the last day is the one before it. */
function periodText(data: WhatWorks, t: Translate, fmt: Formats): string {
  const from = fmt.date(data.post.from, data.zone);
  const to = fmt.date(new Date(data.post.to.getTime() - 1), data.zone);
  return from === to ? from : t('feedback.what_works.period', { from, to });
}

function productBlocks(data: WhatWorks, t: Translate, fmt: Formats): Block[] {
  if (data.products.length === 0) return [];
  const columns = ['#', t('feedback.what_works.product'), t('feedback.what_works.won'), t('feedback.what_works.deals')];
  const body = data.products.map((p, i) => [String(i + 1), p.product, fmt.money(p.wonMinor, p.currency), fmt.number(p.deals)]);
  return [text(t('feedback.what_works.products'), 'strong'), rows(columns, body)];
}

function techniqueSection(data: WhatWorks, t: Translate, fmt: Formats): Block[] {
  if (data.techniques.length === 0) return [];
  return [text(t('feedback.what_works.techniques'), 'strong'), ...data.techniques.flatMap((item) => techniqueBlocks(item, t, fmt, data.zone, data.post))];
}

function customerSection(data: WhatWorks, t: Translate, fmt: Formats): Block[] {
  if (data.customer.length === 0) return [];
  return [
    text(t('feedback.what_works.customer'), 'strong'),
    ...data.customer.flatMap((item) => [text(quote(item.text, t)), context(byline(item, t, fmt, data.zone, { date: true }))]),
  ];
}

/**
 * The weekly "what works" post, to the whole channel: the products that sold most, the techniques
 * colleagues found useful (each with a +1 button) and what customers said. At most 5 of each, every
 * quote cut to a few lines, so it stays well inside Block Kit's 50 blocks and reads on a phone; an
 * empty week says so, and every post ends with how to share a technique.
 */
export function whatWorksMessage(data: WhatWorks, t: Translate, fmt: Formats): Message {
  const title = data.teamName === undefined ? t('feedback.what_works.title') : t('feedback.what_works.title_team', { team: data.teamName });
  const sections = [productBlocks(data, t, fmt), techniqueSection(data, t, fmt), customerSection(data, t, fmt)].filter((s) => s.length > 0);
  const share = context(t('feedback.what_works.share', { example: EXAMPLES.technique }));
  if (sections.length === 0) {
    return message([context(periodText(data, t, fmt)), text(t('feedback.what_works.empty')), share], { title, visibility: 'public' });
  }
  const body = sections.flatMap((section, i) => (i === 0 ? section : [divider(), ...section]));
  return message([context(periodText(data, t, fmt)), ...body, share], { title, visibility: 'public' });
}
