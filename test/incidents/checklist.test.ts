import { describe, expect, it } from 'vitest';
import { type ChecklistItem, checklistProgress, checklistTicks, newChecklistItems } from '../../src/incidents/checklist.js';

const at = new Date('2026-11-29T10:00:00Z');
const items: ChecklistItem[] = [
  { id: 1, text: 'Rotate exposed credentials', source: 'type:security', doneBy: 'UALICE', doneAt: at },
  { id: 2, text: 'Tell legal', source: 'type:security', doneBy: null, doneAt: null },
  { id: 3, text: 'Open a status page incident', source: 'rule:critical-heads-up', doneBy: null, doneAt: null },
];

describe('the checklist', () => {
  it('counts what is done', () => {
    expect(checklistProgress(items)).toEqual({ done: 1, total: 3 });
  });

  it('turns the ticked boxes of a group into ticks and unticks, leaving other groups alone', () => {
    expect(checklistTicks(items, [1, 2], [2])).toEqual([
      { itemId: 1, done: false },
      { itemId: 2, done: true },
    ]);
    expect(checklistTicks(items, [3], [])).toEqual([]);
    expect(checklistTicks(items, [1, 2], [1])).toEqual([]);
  });

  it('adds an item once, whatever its case', () => {
    expect(newChecklistItems(items, ['tell legal', 'Call the DPO', 'Call the DPO'])).toEqual(['Call the DPO']);
  });
});
