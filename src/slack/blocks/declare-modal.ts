import type { KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { TITLE_MAX } from '../../incidents/declaration.js';
import { type Incident, keyOf } from '../../incidents/incident.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { Severity } from '../../incidents/types.js';
import type { IncidentTypeDefinition } from '../../process/process-schema.js';
import { VIEWS } from '../action-ids.js';
import { escapeMrkdwn, severityEmoji, truncate } from './text.js';

/** Block and action ids of the declare form's inputs: what the submission listener reads. */
export const DECLARE_INPUTS = {
  title: { blockId: 'declare_title', actionId: 'title' },
  severity: { blockId: 'declare_severity', actionId: 'severity' },
  description: { blockId: 'declare_description', actionId: 'description' },
  commander: { blockId: 'declare_commander', actionId: 'commander' },
  private: { blockId: 'declare_private', actionId: 'private' },
  type: { blockId: 'declare_type', actionId: 'type' },
} as const;

export const PRIVATE_OPTION_VALUE = 'private';
export const DESCRIPTION_MAX = 3000;
// Enough to spot a duplicate; the rest are summed up in one line.
const OPEN_INCIDENTS_SHOWN = 10;

export interface DeclareModalOptions {
  declarerId: string;
  /** The severities offered, in order, and the one selected at first. */
  policy: IncidentPolicy;
  /** Incidents open right now, so nobody declares one twice; added once the modal is open. */
  openIncidents?: Incident[];
  /** The process file's incident types: with any, the form has a Type select. */
  types?: readonly IncidentTypeDefinition[];
}

const severityOption = (policy: IncidentPolicy, severity: Severity): PlainTextOption => ({
  text: { type: 'plain_text', text: `${severityEmoji(policy, severity)} ${policy.label(severity)}`, emoji: true },
  value: severity,
});

/** One line per open incident; a private incident shows its key only. */
function openIncidentsNotice(incidents: Incident[]): KnownBlock {
  const lines = incidents
    .slice(0, OPEN_INCIDENTS_SHOWN)
    .map((incident) => `• ${keyOf(incident)} ${incident.private ? '(private incident)' : escapeMrkdwn(incident.title)} is already open`);
  if (incidents.length > OPEN_INCIDENTS_SHOWN) lines.push(`• …and ${incidents.length - OPEN_INCIDENTS_SHOWN} more (\`/incident list\`)`);
  return {
    type: 'section',
    block_id: 'declare_open_incidents',
    text: { type: 'mrkdwn', text: truncate(`:eyes: *Is it one of these?*\n${lines.join('\n')}`, 3000) },
  };
}

/** The Type select: optional; the type sets the default severity, the private box, invites, runbook and checklist. */
function typeInput(types: readonly IncidentTypeDefinition[]): KnownBlock {
  return {
    type: 'input',
    block_id: DECLARE_INPUTS.type.blockId,
    optional: true,
    label: { type: 'plain_text', text: 'Type' },
    element: {
      type: 'static_select',
      action_id: DECLARE_INPUTS.type.actionId,
      placeholder: { type: 'plain_text', text: 'No particular type' },
      options: types.slice(0, 100).map((t) => ({ text: { type: 'plain_text', text: truncate(t.title, 75) }, value: t.id })),
    },
    hint: { type: 'plain_text', text: "Sets the default severity and visibility, and brings the type's invites, runbook and checklist." },
  };
}

/** The declare form: title, severity, impact, commander (the declarer unless changed), private. */
export function declareModal(options: DeclareModalOptions): ModalView {
  const open = options.openIncidents ?? [];
  const { policy } = options;
  const { title, severity, description, commander } = DECLARE_INPUTS;
  const types = options.types ?? [];
  // A select cannot follow another without a round trip: with types, severity left empty means the
  // type's default severity (else the process's), and a private type makes the incident private.
  const severityInput: KnownBlock =
    types.length > 0
      ? {
          type: 'input',
          block_id: severity.blockId,
          optional: true,
          label: { type: 'plain_text', text: 'Severity' },
          element: {
            type: 'static_select',
            action_id: severity.actionId,
            placeholder: { type: 'plain_text', text: "The type's default" },
            options: policy.severityIds.map((id) => severityOption(policy, id)),
          },
          hint: { type: 'plain_text', text: `Empty: the type's default severity, else ${policy.label(policy.defaultSeverity)}. ${policy.severities[0]!.label} is the worst.` },
        }
      : {
          type: 'input',
          block_id: severity.blockId,
          label: { type: 'plain_text', text: 'Severity' },
          element: {
            type: 'static_select',
            action_id: severity.actionId,
            options: policy.severityIds.map((id) => severityOption(policy, id)),
            initial_option: severityOption(policy, policy.defaultSeverity),
          },
          hint: { type: 'plain_text', text: `${policy.severities[0]!.label} is the worst.` },
        };
  return {
    type: 'modal',
    callback_id: VIEWS.declare,
    title: { type: 'plain_text', text: 'Declare an incident' },
    submit: { type: 'plain_text', text: 'Declare' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      ...(open.length > 0 ? [openIncidentsNotice(open)] : []),
      {
        type: 'input',
        block_id: title.blockId,
        label: { type: 'plain_text', text: 'Title' },
        element: {
          type: 'plain_text_input',
          action_id: title.actionId,
          max_length: TITLE_MAX,
          placeholder: { type: 'plain_text', text: 'Checkout failing for EU customers' },
        },
      },
      ...(types.length > 0 ? [typeInput(types)] : []),
      severityInput,
      {
        type: 'input',
        block_id: description.blockId,
        optional: true,
        label: { type: 'plain_text', text: 'Description and impact' },
        element: {
          type: 'plain_text_input',
          action_id: description.actionId,
          multiline: true,
          max_length: DESCRIPTION_MAX,
          placeholder: { type: 'plain_text', text: 'Who is affected, since when, what you know so far' },
        },
      },
      {
        type: 'input',
        block_id: commander.blockId,
        label: { type: 'plain_text', text: policy.commanderRole.title },
        element: { type: 'users_select', action_id: commander.actionId, initial_user: options.declarerId },
      },
      {
        type: 'input',
        block_id: DECLARE_INPUTS.private.blockId,
        optional: true,
        label: { type: 'plain_text', text: 'Visibility' },
        element: {
          type: 'checkboxes',
          action_id: DECLARE_INPUTS.private.actionId,
          options: [
            {
              text: { type: 'plain_text', text: 'Private incident' },
              description: { type: 'plain_text', text: 'Private channel; the announcement leaves out the title.' },
              value: PRIVATE_OPTION_VALUE,
            },
          ],
        },
      },
    ],
  };
}
