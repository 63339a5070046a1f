import { describe, expect, it } from 'vitest';
import type { ChecklistItem } from '../../../src/incidents/checklist.js';
import { checklistGroupOf, checklistMessage } from '../../../src/slack/blocks/checklist-message.js';

const at = new Date('2026-11-29T14:05:00Z');
const item = (id: number, done = false): ChecklistItem => ({
  id,
  text: id === 1 ? 'Rotate <exposed> credentials' : `Item ${id}`,
  source: 'type:security',
  doneBy: done ? 'UALICE' : null,
  doneAt: done ? at : null,
});

describe('the checklist message', () => {
  it('shows a box per item, ticked ones with who and when, and the count', () => {
    const message = checklistMessage({ number: 7 }, [item(1, true), item(2)], 'UTC');
    expect(message.text).toBe('Checklist for INC-7: 1/2 done');
    const group = message.blocks[1] as { block_id: string; elements: { options: { value: string; text: { text: string }; description?: { text: string } }[]; initial_options?: { value: string }[] }[] };
    expect(group.block_id).toBe('checklist:7:1,2');
    const [boxes] = group.elements;
    expect(boxes!.options.map((o) => o.text.text)).toEqual(['Rotate <exposed> credentials', 'Item 2']);
    expect(boxes!.options[0]!.description!.text).toBe('done at 14:05');
    expect(boxes!.initial_options!.map((o) => o.value)).toEqual(['1']);
    const who = message.blocks[2] as { elements: { text: string }[] };
    expect(who.elements.map((e) => e.text)).toEqual([':white_check_mark: Rotate &lt;exposed&gt; credentials: <@UALICE>, 14:05']);
  });

  it('splits more than ten items into groups, each naming its items', () => {
    const message = checklistMessage({ number: 3 }, Array.from({ length: 12 }, (_, i) => item(i + 1)), 'UTC');
    const ids = message.blocks.slice(1).filter((b) => b.type === 'actions').map((b) => checklistGroupOf((b as { block_id: string }).block_id));
    expect(ids).toEqual([
      { incidentNumber: 3, itemIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      { incidentNumber: 3, itemIds: [11, 12] },
    ]);
    expect(checklistGroupOf('incident_card_roles_3')).toBeUndefined();
  });
});
