import type { IncidentPolicy } from '../../incidents/policy.js';
import { IncidentError } from '../../incidents/errors.js';
import { errorText } from '../error-text.js';

/**
 * Runs a listener's work; a refusal or failure is told to the person who clicked, in the sentence
 * errorText gives. Refusals end there; anything else also reaches Bolt's error handler.
 */
export async function answeringRefusals(policy: IncidentPolicy, tell: (text: string) => Promise<unknown>, work: () => Promise<void>): Promise<void> {
  try {
    await work();
  } catch (error) {
    await tell(errorText(error, policy));
    if (!(error instanceof IncidentError)) throw error;
  }
}
