import type { FollowupsSection } from '../../process/integrations-schema.js';
import { githubTracker } from './github.js';
import { jiraTracker } from './jira.js';
import type { Tracker } from './tracker.js';

/** The tracker the process file's `followups.tracker` names, if any. */
export function trackerFrom(section: FollowupsSection | undefined): Tracker | undefined {
  const tracker = section?.tracker;
  if (!tracker) return undefined;
  if ('github' in tracker) return githubTracker(tracker.github);
  return jiraTracker(tracker.jira);
}
