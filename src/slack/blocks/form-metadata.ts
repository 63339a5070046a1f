import { z } from 'zod';
import type { Incident } from '../../incidents/incident.js';

/** What an incident form carries in private_metadata: which incident, and where to answer its submitter. */
const formMetadataSchema = z.object({ incident: z.number().int().positive(), channel: z.string().min(1) });
export type FormMetadata = z.infer<typeof formMetadataSchema>;

export function formMetadata(incident: Pick<Incident, 'number' | 'channelId'>): string {
  return JSON.stringify({ incident: incident.number, channel: incident.channelId });
}

/** The metadata of a submitted form; undefined when it is not one of ours. */
export function readFormMetadata(privateMetadata: string): FormMetadata | undefined {
  try {
    const parsed = formMetadataSchema.safeParse(JSON.parse(privateMetadata));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
