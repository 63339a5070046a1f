import type { z } from 'zod';

/** A body that is not the format: the message names what is wrong, for the 400 answer. */
export class AlertPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AlertPayloadError';
  }
}

/** JSON from the body, or AlertPayloadError saying it is not JSON. */
export function parseJsonBody(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    throw new AlertPayloadError('the body is not JSON');
  }
}

/** The parsed value, or AlertPayloadError naming the first few problems by path. */
export function parseWith<T extends z.ZodType>(schema: T, value: unknown, format: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`);
  throw new AlertPayloadError(`not ${format}: ${problems.join('; ')}`);
}
