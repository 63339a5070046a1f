/** One thing to do during an incident, from its type or from a rule, ticked by someone at some time. */
export interface ChecklistItem {
  id: number;
  text: string;
  /** Where it came from: `type:<id>` or `rule:<name>`. */
  source: string;
  doneBy: string | null;
  doneAt: Date | null;
}

export interface ChecklistProgress {
  done: number;
  total: number;
}

export function checklistProgress(items: readonly Pick<ChecklistItem, 'doneAt'>[]): ChecklistProgress {
  return { done: items.filter((item) => item.doneAt !== null).length, total: items.length };
}

export interface ChecklistTick {
  itemId: number;
  done: boolean;
}

/**
 * What changed when someone set the ticked items of a group to `ticked`: an item ticked that was not
 * done is done now, an item done and no longer ticked is undone. Items outside the group are left be.
 */
export function checklistTicks(items: readonly ChecklistItem[], group: readonly number[], ticked: readonly number[]): ChecklistTick[] {
  const inGroup = new Set(group);
  const nowTicked = new Set(ticked);
  return items
    .filter((item) => inGroup.has(item.id))
    .flatMap((item) => {
      const wasDone = item.doneAt !== null;
      const isDone = nowTicked.has(item.id);
      return wasDone === isDone ? [] : [{ itemId: item.id, done: isDone }];
    });
}

/** Items not yet on the checklist (the same text twice is one item), in order. */
export function newChecklistItems(existing: readonly Pick<ChecklistItem, 'text'>[], texts: readonly string[]): string[] {
  const seen = new Set(existing.map((item) => item.text.toLowerCase()));
  return texts.filter((text) => {
    const key = text.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
