/** A CLI call with wrong words: printed with the usage, exit 1. */
export class UsageError extends Error {
  override name = 'UsageError';
}
