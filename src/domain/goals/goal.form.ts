import type { ParseContext } from '../../bot/command.ts';
import type { Problem } from '../../bot/errors.ts';
import { err, type Result } from '../../bot/result.ts';
import type { Translate } from '../../i18n/locale.ts';
import type { Form } from '../../messages/message.ts';
import { parseSetGoal } from './goal.grammar.ts';
import type { SetGoalArgs } from './goal.service.ts';

const PERIODS = ['week', 'month', 'quarter', 'year'] as const;

/** The form `/goal set` opens when given no text: the same three parts as the command. */
export function goalForm(t: Translate, state?: string): Form {
  return {
    id: 'goal set',
    title: t('goals.form.title'),
    submitLabel: t('goals.form.submit'),
    fields: [
      { kind: 'text', id: 'subject', label: t('goals.form.subject'), placeholder: '@alice · team East · company', maxLength: 120 },
      { kind: 'text', id: 'target', label: t('goals.form.target'), placeholder: '50000', maxLength: 40 },
      { kind: 'select', id: 'period', label: t('goals.form.period'), initial: 'month', options: PERIODS.map((p) => ({ value: p, label: t(`time.period.${p}`) })) },
    ],
    ...(state && { state }),
  };
}

/** Which form field a problem of the grammar is about, so the form can show it in the right place. */
const FIELD_OF: Record<string, string> = {
  'goals.error.subject': 'subject',
  'goals.error.team_missing': 'subject',
  'goals.error.period': 'period',
};

/**
 * Reads the form through the command's own grammar (`<subject> <target> <period>`), so a form and a
 * typed command can never disagree about what is valid.
 */
export function fromGoalForm(values: Record<string, string | undefined>, pctx: ParseContext): Result<SetGoalArgs, Record<string, Problem>> {
  const text = [values.subject, values.target, values.period].map((v) => v?.trim() ?? '').filter(Boolean).join(' ');
  const parsed = parseSetGoal(text, pctx);
  if (parsed.ok) return parsed;
  return err({ [FIELD_OF[parsed.error.key] ?? (values.subject?.trim() ? 'target' : 'subject')]: parsed.error });
}
