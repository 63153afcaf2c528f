import type { CardElement, IChoiceSetInput, ISubmitAction, ITextInput } from '@microsoft/teams.cards';
import { PacerFault } from '../../src/bot/errors.ts';
import type { Form, FormField } from '../../src/messages/message.ts';
import { card, heading, payloadBytes, plain, RESERVED_SUBMIT_KEYS, TEAMS_LIMITS, type AdaptiveCard, type FormSubmitData } from './card.ts';

export interface FormCardOptions {
  /**
   * Error shown under a required input left empty; gets the field's label. Pass a translated one.
   * The Adaptive Cards validator expects one on every required input.
   */
  requiredMessage?: (label: string) => string;
  /**
   * Placeholder of a `user` field. Teams' people picker (`Input.ChoiceSet` with `choices.data` of type
   * `Data.Query`) needs a bot that answers `application/search` invokes, which Pacer does not do yet,
   * so a person is typed as a name or e-mail address and the core resolves it. Pass a translated one.
   */
  userPlaceholder?: string;
}

const defaultRequiredMessage = (label: string): string => `${label} is required.`;
const DEFAULT_USER_PLACEHOLDER = 'Name or e-mail address';

/**
 * Renders a neutral form as an Adaptive Card with one input per field (input id = field id) and one
 * `Action.Submit` whose data `{ form, state }` comes back with the inputs' values merged in
 * (`readFormSubmit` in ./parse.ts reads them). A form is never cut: one over the size is a bug.
 */
export function renderFormCard(form: Form, options: FormCardOptions = {}): AdaptiveCard {
  const ids = new Set<string>();
  for (const field of form.fields) {
    if (field.id === '' || RESERVED_SUBMIT_KEYS.includes(field.id)) {
      throw new PacerFault('internal', `form ${form.id} has a field id Teams cannot carry: "${field.id}"`);
    }
    if (ids.has(field.id)) throw new PacerFault('internal', `form ${form.id} repeats field id ${field.id}`);
    ids.add(field.id);
  }
  const required = options.requiredMessage ?? defaultRequiredMessage;
  const userPlaceholder = options.userPlaceholder ?? DEFAULT_USER_PLACEHOLDER;
  const data: FormSubmitData = { form: form.id, ...(form.state !== undefined && { state: form.state }) };
  const submit: ISubmitAction = { type: 'Action.Submit', title: plain(form.submitLabel), style: 'positive', data };
  const body: CardElement[] = [
    ...(form.title.trim() === '' ? [] : [heading(form.title)]),
    ...form.fields.map((field) => input(field, required, userPlaceholder)),
  ];
  const rendered = card(body, [submit]);
  if (payloadBytes(rendered) > TEAMS_LIMITS.cardBytes) {
    throw new PacerFault('internal', `form ${form.id} is ${payloadBytes(rendered)} bytes; the Teams card budget is ${TEAMS_LIMITS.cardBytes}`);
  }
  return rendered;
}

function input(field: FormField, required: (label: string) => string, userPlaceholder: string): ITextInput | IChoiceSetInput {
  const label = plain(field.label.trim() === '' ? field.id : field.label);
  const isRequired = field.optional !== true;
  const common = {
    id: field.id,
    label,
    isRequired,
    ...(isRequired && { errorMessage: plain(required(label)) }),
  };
  switch (field.kind) {
    case 'text': {
      const max = field.maxLength !== undefined && field.maxLength > 0 ? Math.floor(field.maxLength) : undefined;
      const placeholder = field.placeholder?.trim() ?? '';
      return {
        type: 'Input.Text',
        ...common,
        ...(placeholder !== '' && { placeholder: plain(placeholder) }),
        ...(field.multiline === true && { isMultiline: true }),
        ...(max !== undefined && { maxLength: max }),
        ...(field.initial !== undefined && field.initial !== '' && { value: max === undefined ? field.initial : field.initial.slice(0, max) }),
      };
    }
    case 'select': {
      const choices = field.options.map((o) => ({ title: plain(o.label.trim() === '' ? o.value : o.label), value: o.value }));
      // An initial value that is not a choice would show an empty box that still submits it.
      const initial = field.options.some((o) => o.value === field.initial) ? field.initial : undefined;
      return { type: 'Input.ChoiceSet', ...common, style: 'compact', choices, ...(initial !== undefined && { value: initial }) };
    }
    case 'user':
      return { type: 'Input.Text', ...common, placeholder: plain(userPlaceholder) };
  }
}
