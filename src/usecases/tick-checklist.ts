import { checklistOf, setChecklistItemDone } from '../db/checklist-store.js';
import { appendSystemEntry } from '../db/timeline-store.js';
import { checklistTicks } from '../incidents/checklist.js';
import type { UseCaseContext } from './context.js';
import { withIncidentLocked } from './load-incident.js';
import { enqueueChecklistShown } from './process-effects.js';

export interface TickChecklistInput {
  incidentNumber: number;
  /** The items the ticked group of boxes holds. */
  group: number[];
  /** The items of that group ticked now. */
  ticked: number[];
  by: string;
}

/**
 * Records who ticked or unticked what, on the items and the timeline, and owes the checklist message
 * a refresh. A repeated click (or two people ticking the same box) changes nothing the second time.
 */
export async function tickChecklist(ctx: UseCaseContext, input: TickChecklistInput): Promise<number> {
  return withIncidentLocked(ctx.db, input.incidentNumber, async (trx, incident) => {
    const now = ctx.now();
    const items = await checklistOf(trx, incident.number);
    let changed = 0;
    for (const tick of checklistTicks(items, input.group, input.ticked)) {
      const item = items.find((i) => i.id === tick.itemId)!;
      if (!(await setChecklistItemDone(trx, incident.number, item.id, tick.done ? { by: input.by, at: now } : null))) continue;
      changed += 1;
      await appendSystemEntry(trx, incident.number, {
        kind: tick.done ? 'checklist_ticked' : 'checklist_unticked',
        authorId: input.by,
        text: `${tick.done ? 'Done' : 'Not done after all'}: ${ctx.workspace.markup(item.text)}`,
        occurredAt: now,
        data: { itemId: item.id, item: item.text },
      });
    }
    if (changed > 0) await enqueueChecklistShown(trx, ctx, incident.number);
    return changed;
  });
}

/** `/incident checklist`: posts the checklist again; false when the incident has none. */
export async function showChecklistAgain(ctx: UseCaseContext, incidentNumber: number): Promise<boolean> {
  return withIncidentLocked(ctx.db, incidentNumber, async (trx, incident) => {
    if ((await checklistOf(trx, incident.number)).length === 0) return false;
    await enqueueChecklistShown(trx, ctx, incident.number, { repost: true });
    return true;
  });
}
