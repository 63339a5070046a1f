/** `42` or `INC-42` (any case) → 42; anything else → undefined. */
export function parseIncidentRef(ref: string): number | undefined {
  const match = /^(?:inc-)?(\d{1,9})$/i.exec(ref.trim());
  return match ? Number(match[1]) : undefined;
}
