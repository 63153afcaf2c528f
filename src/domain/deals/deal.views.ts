import type { Formats } from '../../i18n/formats.ts';
import type { Translate } from '../../i18n/locale.ts';
import type { Block, Form, Message } from '../../messages/message.ts';
import { goalLine } from '../goals/goal.views.ts';
import { dealRef } from './deal.ts';
import type { LoggedDeal } from './deal.service.ts';
import { LOSS_REASONS, type Deal } from './deal.table.ts';

export const UNDO_ACTION = 'deal.undo';

const amountOf = (deal: Deal, fmt: Formats): string | undefined =>
  deal.amount_minor === null ? undefined : fmt.money(deal.amount_minor, deal.currency);

const productNote = (deal: Deal, t: Translate): string => (deal.product ? ` · ${t('deals.product', { product: deal.product })}` : '');

/** The confirmation of `/deal`: what was logged, its reference, what it did to the rep's goals, Undo. */
export function dealLoggedMessage({ deal, goals }: LoggedDeal, t: Translate, fmt: Formats): Message {
  const ref = dealRef(deal.number);
  const blocks: Block[] = [];
  if (deal.stage === 'lost') {
    const amount = amountOf(deal, fmt);
    blocks.push({ type: 'text', text: t('deals.logged_lost', { ref, customer: deal.customer, reason: t(`deals.reasons.${deal.loss_reason ?? 'other'}`) }) + (amount ? ` (${amount})` : '') + productNote(deal, t) });
  } else {
    blocks.push({ type: 'text', text: t('deals.logged_won', { ref, customer: deal.customer, amount: amountOf(deal, fmt) ?? '' }) + productNote(deal, t) });
    blocks.push(...(goals.length > 0 ? goals.map((status): Block => ({ type: 'text', text: goalLine(status, t, fmt) })) : [{ type: 'context' as const, text: t('deals.no_goal') }]));
  }
  blocks.push({ type: 'context', text: t('deals.next_steps', { ref }) });
  blocks.push({ type: 'actions', buttons: [{ actionId: UNDO_ACTION, label: t('deals.undo_button'), value: String(deal.number), style: 'danger' }] });
  return { blocks };
}

export function dealMovedMessage(deal: Deal, t: Translate): Message {
  const ref = dealRef(deal.number);
  const since = deal.won_at && (deal.stage === 'delivered' ? deal.delivered_at : deal.serviced_at);
  const days = since && deal.won_at ? Math.max(0, Math.round((since.getTime() - deal.won_at.getTime()) / 86_400_000)) : 0;
  return { blocks: [{ type: 'text', text: t(`deals.moved_${deal.stage}`, { ref, customer: deal.customer, count: days }) }] };
}

export function dealUndoneMessage(deal: Deal, t: Translate, fmt: Formats): Message {
  const amount = amountOf(deal, fmt);
  return { blocks: [{ type: 'text', text: t('deals.undone', { ref: dealRef(deal.number), customer: deal.customer }) + (amount ? ` (${amount})` : '') }] };
}

/** The form `/deal` opens when given no text: the same fields as the command. */
export function dealForm(t: Translate, state?: string): Form {
  return {
    id: 'deal',
    title: t('deals.form.title'),
    submitLabel: t('deals.form.submit'),
    fields: [
      { kind: 'select', id: 'outcome', label: t('deals.form.outcome'), initial: 'won', options: [
        { value: 'won', label: t('deals.stages.won') },
        { value: 'lost', label: t('deals.stages.lost') },
      ] },
      { kind: 'text', id: 'amount', label: t('deals.form.amount'), placeholder: '12500', optional: true, maxLength: 40 },
      { kind: 'text', id: 'customer', label: t('deals.form.customer'), placeholder: 'Acme Corp', maxLength: 200 },
      { kind: 'text', id: 'product', label: t('deals.form.product'), placeholder: 'Widgets', optional: true, maxLength: 200 },
      { kind: 'select', id: 'reason', label: t('deals.form.reason'), optional: true, options: LOSS_REASONS.map((reason) => ({ value: reason, label: t(`deals.reasons.${reason}`) })) },
    ],
    ...(state && { state }),
  };
}
