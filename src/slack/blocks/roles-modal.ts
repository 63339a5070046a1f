import type { View } from '@slack/types';
import { type Incident, keyOf, type RoleHolders } from '../../incidents/incident.js';
import { holderOf } from '../../incidents/roles.js';
import type { IncidentPolicy } from '../../incidents/policy.js';
import type { Role } from '../../incidents/types.js';
import { VIEWS } from '../action-ids.js';
import { formMetadata } from './form-metadata.js';
import { escapeMrkdwn, truncate } from './text.js';

/** Block and action ids of the roles form's pickers, read back by the submission listener. */
export const ROLE_INPUT = {
  blockId: (role: Role) => `role_${role}`,
  actionId: 'holder',
} as const;

/** The roles form: one person picker per role, pre-filled with who holds it now. */
export function rolesModal(incident: Incident, roles: RoleHolders, policy: IncidentPolicy): View {
  return {
    type: 'modal',
    callback_id: VIEWS.roles,
    private_metadata: formMetadata(incident),
    title: { type: 'plain_text', text: 'Assign roles' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: truncate(`*${keyOf(incident)}*: ${escapeMrkdwn(incident.title)}`, 3000) },
      },
      ...policy.roleIds.map((role) => {
        const holder = holderOf(incident, roles, role, policy);
        return {
          type: 'input' as const,
          block_id: ROLE_INPUT.blockId(role),
          optional: true,
          label: { type: 'plain_text' as const, text: policy.roleTitle(role) },
          element: {
            type: 'users_select' as const,
            action_id: ROLE_INPUT.actionId,
            placeholder: { type: 'plain_text' as const, text: 'Pick a person' },
            ...(holder ? { initial_user: holder } : {}),
          },
        };
      }),
    ],
  };
}
