import type { ListenerRoutes } from '../listener-routes.js';
import type { Role } from '../../incidents/types.js';
import { assignRoles } from '../../usecases/assign-roles.js';
import type { SlackContext } from '../context.js';
import { answeringRefusals } from '../actions/answer-refusals.js';
import { VIEWS } from '../action-ids.js';
import { readFormMetadata } from '../blocks/form-metadata.js';
import { ROLE_INPUT } from '../blocks/roles-modal.js';

/** The roles form's submit: the form closes, the changed roles are handed over; a refusal is told in the channel. */
export function registerRolesSubmission(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.view(VIEWS.roles, async ({ ack, body, view }) => {
    await ack();
    const form = readFormMetadata(view.private_metadata);
    if (!form) return;
    const userId = body.user.id;
    const holders = Object.fromEntries(
      ctx.policy.roleIds.map((role) => [role, view.state.values[ROLE_INPUT.blockId(role)]?.[ROLE_INPUT.actionId]?.selected_user ?? null]),
    ) as Record<Role, string | null>;
    const tell = (text: string) => ctx.slack.postEphemeral(form.channel, userId, { text });
    await answeringRefusals(ctx.policy, tell, async () => {
      await assignRoles(ctx, { incidentNumber: form.incident, holders, assignedBy: userId });
    });
  });
}
