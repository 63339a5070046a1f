/**
 * What Sitrep asks Slack to send it: the app manifest (manifests/slack-app.yaml) subscribes to
 * exactly these, and test/deploy/slack-manifest.test.ts keeps the two equal.
 */

/** The one slash command; every subcommand is its first word. */
export const INCIDENT_COMMAND = '/incident';

export const SLASH_COMMANDS = [INCIDENT_COMMAND] as const;

/** Bot events, by their Events API subscription names (`message.channels` arrives as a `message` event). */
export const SUBSCRIBED_EVENTS = ['message.channels', 'message.groups', 'reaction_added', 'reaction_removed', 'app_home_opened'] as const;
