/**
 * The slash commands the Slack adapter registers, without the leading slash. The manifest test
 * checks each of these is declared in manifest/slack/manifest.json, so a command the registry serves
 * can never be missing from the app Slack installs.
 *
 *   registerSlackListeners(app, inbound, { commands: slackCommandNames, logger })
 */
export const slackCommandNames = ['deal', 'goal', 'leaderboard', 'training', 'coach', 'feedback', 'diagnose', 'kudos', 'recognition', 'pacer'] as const;

export type SlackCommandName = (typeof slackCommandNames)[number];
