import { defaultPolicy } from '../../src/incidents/policy.js';

const STALE_AFTER_MS = [15 * 60_000, 30 * 60_000, 3_600_000, 4 * 3_600_000] as const;

/** Today's process with another DEFAULT_SEVERITY. */
export const todaysPolicyDefaulting = (defaultSeverity: string) => defaultPolicy({ defaultSeverity, staleAfterMs: STALE_AFTER_MS });

/** Today's process with the settings' defaults: sev1–sev4 every 15m, 30m, 1h, 4h; sev3 by default; three roles. */
export const todaysPolicy = todaysPolicyDefaulting('sev3');
