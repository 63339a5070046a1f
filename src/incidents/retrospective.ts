import { actionItemsSection } from './retrospective/action-items.js';
import { formatFor, type MessageMarkup } from './retrospective/format.js';
import { milestonesOf } from './retrospective/figures.js';
import type { RetrospectiveInput } from './retrospective/input.js';
import { participantsSection, rolesSection } from './retrospective/people.js';
import { milestonesSection, summarySection, titleSection } from './retrospective/summary.js';
import { sourceAlertsSection } from './retrospective/source-alerts.js';
import { timelineSection } from './retrospective/timeline.js';
import { checklistSection } from './retrospective/checklist.js';
import { impactSection, statusUpdatesSection } from './retrospective/updates.js';

const PROMPTS = [
  '## What went well',
  '',
  '_Signals that fired, runbooks and tools that helped, decisions that paid off._',
  '',
  '## What went wrong',
  '',
  '_Where detection, diagnosis, coordination or the fix was harder than it should have been. Ask what in the system or process allowed it, not who._',
  '',
  '## Where we got lucky',
  '',
  '_What could have made this worse, and did not only by chance._',
  '',
];

/**
 * The blameless retrospective draft of an incident, in Markdown, from its whole record.
 * Pure: the same input always writes the same document. `markup` reads people's messages.
 */
export function writeRetrospective(input: RetrospectiveInput, markup: MessageMarkup): string {
  const format = formatFor(input, markup);
  const milestones = milestonesOf(input);
  const sections = [
    titleSection(input, format),
    summarySection(input, format, milestones),
    milestonesSection(format, milestones),
    sourceAlertsSection(input, format),
    rolesSection(input, format, milestones),
    participantsSection(input, format, milestones),
    impactSection(input, format),
    statusUpdatesSection(input, format),
    checklistSection(input, format),
    timelineSection(input, format),
    PROMPTS,
    actionItemsSection(input.followups ?? [], (userId) => format.person(userId)),
  ].filter((lines) => lines.length > 0);
  return `${sections.map((lines) => lines.join('\n')).join('\n\n')}\n`;
}
