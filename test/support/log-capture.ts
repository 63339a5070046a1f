import { Writable } from 'node:stream';

/** A pino destination that keeps every line, so tests can read what was logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (const line of chunk.toString().split('\n')) if (line.trim()) this.lines.push(line);
    done();
  }

  get text(): string {
    return this.lines.join('\n');
  }
}
