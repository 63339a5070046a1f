import type { Person } from './ports.js';

/** People's names by user id, for what readers see; an id the workspace cannot name maps to itself. */
// What is not a person's id (a rule that paged, say) is not asked about.
const USER_ID = /^[UW][A-Z0-9]{2,}$/;

export type PeopleNames = (userIds: Iterable<string>) => Promise<ReadonlyMap<string, string>>;

/**
 * Names asked of the workspace, one person at a time (it keeps each answer a while, so a page asks
 * Slack only about people it has not seen lately). A failed lookup shows the id rather than no page.
 */
export function peopleNames(person: (userId: string) => Promise<Person>): PeopleNames {
  return async (userIds) => {
    const ids = [...new Set(userIds)];
    const named = await Promise.all(
      ids.map(async (id): Promise<[string, string]> => {
        if (!USER_ID.test(id)) return [id, id];
        try {
          return [id, (await person(id)).name || id];
        } catch {
          return [id, id];
        }
      }),
    );
    return new Map(named);
  };
}
