import type { Severity } from '../incidents/types.js';

/** Major incidents (sev1, sev2) have their status updates and severity rises announced. */
export function isMajor(severity: Severity): boolean {
  return severity === 'sev1' || severity === 'sev2';
}
