import { promises as dns } from 'node:dns';
import type { DnsResolve } from '../../core/options/groups/sender-auth.options';

/** Answers (and "no such record") are kept this long: DKIM keys and policies change rarely. */
const TTL_MS = 5 * 60_000;
/** At most this many names are kept; the least recently used goes first. */
const MAX_ENTRIES = 2000;
/** Failures that say something about the name itself; a timeout or refusal says nothing and is not kept. */
const LASTING_ERRORS = new Set(['ENOTFOUND', 'ENODATA']);

interface Entry {
  expires: number;
  answer: Promise<unknown[]>;
}

/**
 * The DNS behind sender authentication: each query bounded by a timeout (node's resolver, one
 * try, so a dead server costs `timeoutMs` and yields ETIMEOUT → `temperror`), concurrent queries
 * for the same name shared, and answers cached in a small LRU. A busy support inbox hears from
 * the same few domains all day, so most emails verify without a single lookup.
 */
export class CachedDnsResolver {
  private readonly entries = new Map<string, Entry>();
  private readonly lookup: DnsResolve;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: { timeoutMs: number; resolve?: DnsResolve; now?: () => number }) {
    this.timeoutMs = options.timeoutMs;
    this.lookup = options.resolve ?? systemResolver(options.timeoutMs);
    this.now = options.now ?? Date.now;
  }

  /** `dns.promises.resolve`'s signature, as mailauth's `resolver` option expects. */
  readonly resolve = (name: string, type: string): Promise<unknown[]> => {
    const key = `${type.toUpperCase()} ${name.toLowerCase().replace(/\.$/, '')}`;
    const cached = this.entries.get(key);
    if (cached && cached.expires > this.now()) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached.answer;
    }
    const answer = withTimeout(this.lookup(name, type), this.timeoutMs, name);
    this.entries.delete(key);
    this.entries.set(key, { expires: this.now() + TTL_MS, answer });
    answer.catch((error: NodeJS.ErrnoException) => {
      if (!LASTING_ERRORS.has(error?.code ?? '')) this.entries.delete(key);
    });
    while (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    return answer;
  };
}

function systemResolver(timeoutMs: number): DnsResolve {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 1 });
  return (name, type) => resolver.resolve(name, type) as Promise<unknown[]>;
}

/** A host resolver (or a slow server) gets the same bound as node's own: ETIMEOUT at the deadline. */
function withTimeout(answer: Promise<unknown[]>, ms: number, name: string): Promise<unknown[]> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(Object.assign(new Error(`DNS query for ${name} timed out`), { code: 'ETIMEOUT' })),
      ms,
    );
    timer.unref();
  });
  return Promise.race([answer, deadline]).finally(() => clearTimeout(timer));
}
