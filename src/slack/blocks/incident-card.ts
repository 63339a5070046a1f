import type { KnownBlock } from '@slack/types';
import { commanderOf, type Incident, keyOf, type RoleHolders } from '../../incidents/incident.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { IncidentTypeDefinition } from '../../process/process-schema.js';
import { isOpenState } from '../../incidents/types.js';
import type { SlackMessage } from '../slack-api.js';
import { ACTIONS } from '../action-ids.js';
import { pagesOnCard } from './pages-on-card.js';
import { sourceAlertsBlock } from './source-alerts-block.js';
import { escapeMrkdwn, mention, severityEmoji, truncate } from './text.js';

/** The pinned card in the incident channel, rendered from the stored incident every time it changes. */
/** `webUrl`: PUBLIC_URL when the web pages are on; the card then links to the incident's page. */
export function incidentCard(incident: Incident, roles: RoleHolders, policy: IncidentPolicy, types: readonly IncidentTypeDefinition[] = [], webUrl?: string): SlackMessage {
  const key = keyOf(incident);
  const type = types.find((t) => t.id === incident.type);
  const holders = { ...roles, [policy.commanderRole.id]: commanderOf(incident, roles, policy) };
  const blocks: KnownBlock[] = [
    {
      type: 'header',
      text: { type: 'plain_text', text: truncate(`${key}: ${incident.title}`, 150), emoji: true },
    },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Severity*\n${severityEmoji(policy, incident.severity)} ${policy.label(incident.severity)}` },
        { type: 'mrkdwn', text: `*State*\n${incident.state}` },
        ...policy.roles.map((role) => ({ type: 'mrkdwn' as const, text: `*${role.title}*\n${mention(holders[role.id])}` })),
        { type: 'mrkdwn', text: `*Visibility*\n${incident.private ? ':lock: private' : 'public'}` },
      ],
    },
  ];
  // The process file's extras: the type, its runbook, how far the checklist is.
  const extras = [
    ...(type ? [`*Type* ${escapeMrkdwn(type.title)}`] : []),
    ...(type?.runbook ? [`<${type.runbook}|Runbook>`] : []),
    ...(incident.checklist ? [`Checklist ${incident.checklist.done}/${incident.checklist.total}`] : []),
  ];
  if (extras.length > 0) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: extras.join(' · ') }] });
  const alerts = sourceAlertsBlock(incident.sourceAlerts);
  if (alerts) blocks.push(alerts);
  if (incident.description.trim()) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*Impact*\n${escapeMrkdwn(incident.description)}`, 3000) } });
  }
  // Who was paged and whether they answered matters while the incident is open; afterwards the timeline has it.
  if (isOpenState(incident.state)) blocks.push(...pagesOnCard(incident.pages ?? []));
  if (isOpenState(incident.state)) {
    const value = String(incident.number);
    blocks.push({
      type: 'actions',
      block_id: `incident_card_roles_${incident.number}`,
      elements: [
        ...takeRoleButtons(policy).map((role) => ({
          type: 'button' as const,
          action_id: ACTIONS.takeRole(role.id),
          value,
          text: { type: 'plain_text' as const, text: `Take ${role.id}` },
        })),
        { type: 'button', action_id: ACTIONS.assignRoles, value, text: { type: 'plain_text', text: 'Assign roles' } },
      ],
    });
    blocks.push({
      type: 'actions',
      block_id: `incident_card_status_${incident.number}`,
      elements: [
        { type: 'button', action_id: ACTIONS.postUpdate, value, style: 'primary', text: { type: 'plain_text', text: 'Post update' } },
        {
          type: 'button',
          action_id: ACTIONS.resolve,
          value,
          style: 'danger',
          text: { type: 'plain_text', text: 'Resolve' },
          confirm: {
            title: { type: 'plain_text', text: `Resolve ${key}?` },
            text: { type: 'plain_text', text: 'Nudges stop and the incident is announced as resolved.' },
            confirm: { type: 'plain_text', text: 'Resolve' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
      ],
    });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `Declared by ${mention(incident.declarerId)} · Sitrep${webUrl ? ` · <${webUrl}/incidents/${key}|Incident page>` : ''}` }] });
  // The text is mrkdwn too (notifications, fallback): a title holding `<!channel>` must not ping.
  return { text: `${key} ${escapeMrkdwn(incident.title)} · ${policy.label(incident.severity)} · ${incident.state}`, blocks };
}

/** The roles with a Take button on the card: the first four (a card's actions block has room for five, with Assign roles). */
export function takeRoleButtons(policy: IncidentPolicy): IncidentPolicy['roles'] {
  return policy.roles.slice(0, 4);
}

/** The channel topic: `SEV2 · investigating · IC @alice`. */
export function incidentTopic(incident: Incident, roles: RoleHolders, policy: IncidentPolicy): string {
  return `${policy.label(incident.severity)} · ${incident.state} · IC ${mention(commanderOf(incident, roles, policy))}`;
}
