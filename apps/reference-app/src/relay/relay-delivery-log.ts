import { appendFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';

/** One relay request as the log keeps it: never the token, never the body. */
export interface RelayLogEntry {
  at: string;
  status: number;
  outcome: string;
  type?: string;
  to?: string;
  subject?: string;
  queuedId?: string;
  ip?: string;
}

/**
 * The relay's delivery log: JSON lines in a file capped at 5 MB. Past the cap, the older half is
 * dropped in one rewrite, so appends stay O(1) and the file never grows without bound.
 */
@Injectable()
export class RelayDeliveryLog {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly config: AppConfig) {}

  append(entry: RelayLogEntry): Promise<void> {
    // Serialised: a trim must never interleave with an append.
    this.writing = this.writing.then(() => this.write(entry)).catch(() => undefined);
    return this.writing;
  }

  /** Newest first. */
  async recent(limit = 200): Promise<RelayLogEntry[]> {
    await this.writing;
    const text = await readFile(this.config.relay.logFile, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter(Boolean)
      .slice(-limit)
      .reverse()
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as RelayLogEntry];
        } catch {
          return [];
        }
      });
  }

  private async write(entry: RelayLogEntry): Promise<void> {
    const file = this.config.relay.logFile;
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
    const { size } = await stat(file);
    if (size <= this.config.relay.logMaxBytes) return;
    const lines = (await readFile(file, 'utf8')).split('\n').filter(Boolean);
    await writeFile(file, `${lines.slice(Math.ceil(lines.length / 2)).join('\n')}\n`, { mode: 0o600 });
  }
}
