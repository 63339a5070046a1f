import { transition } from '../incidents/lifecycle.js';
import type { OpenState } from '../incidents/types.js';
import { loadIncident } from '../usecases/load-incident.js';
import { updateModal } from './blocks/update-modal.js';
import type { SlackContext } from './context.js';

/** Opens the status update form; an incident that takes no updates is refused before the form opens. */
export async function openUpdateForm(
  ctx: SlackContext,
  input: { incidentNumber: number; triggerId: string; state?: OpenState | undefined },
): Promise<void> {
  const incident = await loadIncident(ctx.db, input.incidentNumber);
  transition(incident, { kind: 'update', to: input.state }, ctx.now());
  await ctx.slack.openView(input.triggerId, updateModal(incident, ctx.policy, input.state));
}
