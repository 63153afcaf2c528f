import type { Role } from '../../bot/command.ts';
import type { Platform } from '../../bot/ports.ts';
import { isLocale, type Locale, type Translate } from '../../i18n/locale.ts';
import { context, fields, message, rows, text } from '../../messages/build.ts';
import type { Message } from '../../messages/message.ts';
import { defaultHolidayCountry } from '../../time/holidays.ts';
import { CHANNEL_PURPOSES } from '../channels/channel.grammar.ts';
import type { ChannelPurpose } from '../channels/channel.table.ts';
import type { Member } from '../members/member.table.ts';
import { TEAM_EXAMPLES } from '../teams/team.grammar.ts';
import type { Membership, TeamSummary } from '../teams/team.service.ts';
import type { Team } from '../teams/team.table.ts';
import { ALL_CONFIG_EXAMPLES, type Setting } from './workspace.grammar.ts';
import { calendarName, countryName, holidayCalendarOf, holidayColumns, holidaySetting, HOLIDAYS_DEFAULT, HOLIDAYS_OFF } from './workspace.holidays.ts';
import type { SettingChange } from './workspace.service.ts';
import type { Workspace } from './workspace.table.ts';

/*
 * The replies of the admin command `/pacer` (settings, teams, roles): one file, because they read as
 * one conversation with an admin and share its wording.
 */

/** `EUR (euro)`: the code admins type, and its name in the reader's language when Intl knows it. */
function currencyLabel(code: string, locale: Locale): string {
  const name = new Intl.DisplayNames([locale], { type: 'currency', fallback: 'none' }).of(code);
  return name ? `${code} (${name})` : code;
}

const languageLabel = (value: string, t: Translate): string => (isLocale(value) ? t(`pacer.config.languages.${value}`) : value);

/**
 * The holiday calendar as people read it: `Slovenia`, `weekends only`, or, when none was chosen, the
 * language's default and where it comes from (`default: Slovenia (from the language)`).
 */
function holidaysLabel(value: string, workspaceLocale: string, t: Translate, locale: Locale): string {
  if (value === HOLIDAYS_OFF) return t('pacer.config.holidays_off');
  if (value === HOLIDAYS_DEFAULT) {
    const country = defaultHolidayCountry(workspaceLocale);
    return country ? t('pacer.config.holidays_default', { country: countryName(country, locale) }) : t('pacer.config.holidays_off');
  }
  const { holiday_country: country, holiday_region: region } = holidayColumns(value);
  return country ? calendarName(country, region, locale) : value;
}

/** How one setting's value is shown. */
function settingValue(setting: Setting, value: string, workspace: Workspace, t: Translate, locale: Locale): string {
  if (setting === 'currency') return currencyLabel(value, locale);
  if (setting === 'locale') return languageLabel(value, t);
  if (setting === 'holidays') return holidaysLabel(value, workspace.locale, t, locale);
  return value;
}

/** A chosen channel as settings list it: the conversation, and whose it is when a team's own. */
export interface ChosenChannel {
  purpose: ChannelPurpose;
  team: string | null;
  conversationId: string;
}

/** `C0123 · East: C0456`: the workspace default first, then the teams' own; or "not chosen". */
function channelsLabel(channels: readonly ChosenChannel[], t: Translate): string {
  if (channels.length === 0) return t('pacer.config.channel_none');
  return channels.map((c) => (c.team === null ? c.conversationId : `${c.team}: ${c.conversationId}`)).join(' · ');
}

/**
 * `/pacer config`: the workspace's settings and how to change each. Goal and manager channels are
 * always listed (they are what an admin sets up first); recognition only once chosen.
 */
export function settingsMessage(workspace: Workspace, channels: readonly ChosenChannel[], t: Translate, locale: Locale): Message {
  const channelFields = CHANNEL_PURPOSES.map((purpose) => ({ purpose, chosen: channels.filter((c) => c.purpose === purpose) }))
    .filter(({ purpose, chosen }) => purpose !== 'recognition' || chosen.length > 0)
    .map(({ purpose, chosen }) => [t(`pacer.config.channel.${purpose}`), channelsLabel(chosen, t)] as const);
  return message(
    [
      fields([
        [t('pacer.config.currency'), settingValue('currency', workspace.currency, workspace, t, locale)],
        [t('pacer.config.locale'), settingValue('locale', workspace.locale, workspace, t, locale)],
        [t('pacer.config.timezone'), workspace.timezone],
        [t('pacer.config.holidays'), holidaysLabel(holidaySetting(workspace), workspace.locale, t, locale)],
        ...channelFields,
      ]),
      context(t('pacer.config.hint', { examples: ALL_CONFIG_EXAMPLES.join(' · ') })),
    ],
    { title: t('pacer.config.title') },
  );
}

/**
 * What a change means from now on. Holidays name the calendar in effect, which for `default` is the
 * language's (or none).
 */
function settingEffect(change: SettingChange, t: Translate, locale: Locale): string {
  if (change.setting !== 'holidays') return t(`pacer.config.effect.${change.setting}`, { after: change.after });
  const { holidayCountry, holidayRegion } = holidayCalendarOf(change.workspace);
  return holidayCountry ? t('pacer.config.effect.holidays', { after: calendarName(holidayCountry, holidayRegion, locale) }) : t('pacer.config.effect.holidays_off');
}

/** The answer to a settings change: the new value and the old one, and what it means. */
export function settingChangedMessage(change: SettingChange, t: Translate, locale: Locale): Message {
  // A currency is named by its code alone here: "USD (US Dollar) (was EUR (Euro))" reads badly.
  const value = (v: string): string => (change.setting === 'currency' ? v : settingValue(change.setting, v, change.workspace, t, locale));
  if (!change.changed) return message([text(t(`pacer.config.unchanged.${change.setting}`, { value: value(change.after) }))]);
  return message([
    text(t(`pacer.config.changed.${change.setting}`, { after: value(change.after), before: value(change.before) })),
    context(settingEffect(change, t, locale)),
  ]);
}

export function teamCreatedMessage(team: Team, t: Translate): Message {
  return message([text(t('pacer.team.created', { team: team.name })), context(t('common.example', { example: `/pacer team add @alice ${team.name}` }))]);
}

/** The answer to `/pacer team add` and `/pacer team remove`. */
export function membershipMessage(change: Membership, t: Translate): Message {
  const name = change.member.display_name;
  if (!change.changed) return message([text(t('pacer.team.already_in', { name, team: change.after?.name ?? '' }))]);
  if (!change.after) return message([text(t('pacer.team.removed', { name, team: change.before?.name ?? '' }))]);
  if (change.before) return message([text(t('pacer.team.moved', { name, team: change.after.name, before: change.before.name }))]);
  return message([text(t('pacer.team.added', { name, team: change.after.name }))]);
}

/** `/pacer team list`: every team and how many people are in it. */
export function teamListMessage(teams: TeamSummary[], t: Translate): Message {
  const title = t('pacer.team.list_title');
  if (teams.length === 0) return message([text(t('pacer.team.none')), context(t('common.example', { example: TEAM_EXAMPLES.create }))], { title });
  return message(
    [
      rows([t('pacer.team.column_team'), t('pacer.team.column_members')], teams.map((team) => [team.name, String(team.members)])),
      context(t('common.example', { example: TEAM_EXAMPLES.add })),
    ],
    { title },
  );
}

const PLATFORM_NAMES: Record<Platform, string> = { slack: 'Slack', teams: 'Microsoft Teams', local: 'Pacer' };

/**
 * The answer to `/pacer role`. A platform owner or admin is a Pacer admin whatever is granted, so
 * the reply says so instead of letting the admin believe a demotion took effect.
 */
export function roleChangedMessage(member: Member, before: Role, after: Role, platform: Platform, t: Translate): Message {
  const name = member.display_name;
  const lines = [
    text(before === after ? t(`pacer.role.already.${after}`, { name }) : t(`pacer.role.granted.${after}`, { name, before: t(`common.roles.${before}`) })),
  ];
  if (member.is_platform_admin && after !== 'admin') lines.push(text(t('pacer.role.platform_admin', { name, platform: PLATFORM_NAMES[platform] })));
  return message(lines);
}
