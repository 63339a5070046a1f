import type { MessageShortcut, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { findIncidentByChannel } from '../../db/incident-store.js';
import { isCalendarDay } from '../../incidents/followup.js';
import { createFollowup } from '../../usecases/followups.js';
import { FOLLOWUP_INPUT, FOLLOWUP_SHORTCUT, FOLLOWUP_VIEW, type FollowupFormMetadata, followupModal } from '../blocks/followup-modal.js';
import type { SlackContext } from '../context.js';
import { permalinkOf } from '../inbound/slack-ts.js';
import { NOT_AN_INCIDENT_CHANNEL } from '../refusals.js';
import type { ListenerRoutes } from '../listener-routes.js';
import { answeringRefusals } from './answer-refusals.js';

const metadataSchema = z.object({ incident: z.number().int().positive(), channel: z.string(), link: z.string() });

/**
 * The message shortcut **Create follow-up**: on a message of an incident channel it opens the form,
 * prefilled with the message's text and link; the form's submit records the follow-up.
 */
export function registerCreateFollowupShortcut(routes: ListenerRoutes, ctx: SlackContext): void {
  routes.shortcut(FOLLOWUP_SHORTCUT, async ({ ack, shortcut, respond }) => {
    await ack();
    const message = shortcut as MessageShortcut;
    const incident = await findIncidentByChannel(ctx.db, message.channel.id);
    if (!incident) {
      await respond({ response_type: 'ephemeral', text: `:information_source: ${NOT_AN_INCIDENT_CHANNEL}` });
      return;
    }
    const link = permalinkOf(ctx.workspaceUrl, message.channel.id, message.message_ts, message.message.thread_ts ?? null);
    const metadata: FollowupFormMetadata = { incident: incident.number, channel: message.channel.id, link };
    await ctx.slack.openView(message.trigger_id, followupModal(incident, { text: message.message.text ?? '', ownerId: message.user.id, link }, metadata));
  });

  routes.view<ViewSubmitAction>(FOLLOWUP_VIEW, async ({ ack, body, view }) => {
    const field = (input: { blockId: string; actionId: string }) => view.state.values[input.blockId]?.[input.actionId];
    const text = (field(FOLLOWUP_INPUT.text)?.value ?? '').trim();
    const due = field(FOLLOWUP_INPUT.due)?.selected_date ?? null;
    if (text === '') {
      await ack({ response_action: 'errors', errors: { [FOLLOWUP_INPUT.text.blockId]: 'Write what is to be done.' } });
      return;
    }
    if (due !== null && !isCalendarDay(due)) {
      await ack({ response_action: 'errors', errors: { [FOLLOWUP_INPUT.due.blockId]: 'Pick a day.' } });
      return;
    }
    await ack();
    const form = metadataSchema.safeParse(JSON.parse(view.private_metadata || '{}'));
    if (!form.success) return;
    const userId = body.user.id;
    const tell = (answer: string) => ctx.slack.postEphemeral(form.data.channel, userId, { text: answer });
    await answeringRefusals(ctx.policy, tell, async () => {
      await createFollowup(ctx, {
        incidentNumber: form.data.incident,
        text,
        ownerId: field(FOLLOWUP_INPUT.owner)?.selected_user ?? undefined,
        dueDate: due,
        createdBy: userId,
        sourceLink: form.data.link,
      });
    });
  });
}
