/*
 * `npm run bench`: measures the gateway against the bare libraries in one run, on this machine's
 * real PostgreSQL and Redis. Each section is its own file and returns its figures; the last line
 * printed is one JSON object, so scripts can read it with `tail -n 1`.
 */
import { sections } from './sections';

/** `BENCH_SECTIONS=inbound,outbound` runs only those (while working on one); the default is all. */
const only = process.env.BENCH_SECTIONS?.split(',').map((name) => name.trim());

async function main(): Promise<void> {
  const result: Record<string, unknown> = {};
  for (const [name, run] of Object.entries(sections)) {
    if (only && !only.includes(name)) continue;
    process.stderr.write(`bench: ${name}…\n`);
    result[name] = await run();
    // Where the memory goes, section by section, after a full collection (`npm run bench` runs
    // node with --expose-gc): what stays reachable, not one section's garbage weighing on the next.
    (globalThis as { gc?: () => void }).gc?.();
    const memory = process.memoryUsage();
    const mb = (bytes: number): number => Math.round(bytes / 1024 / 1024);
    process.stderr.write(
      `bench: ${name} done: rss ${mb(memory.rss)} MB, heap ${mb(memory.heapUsed)}/${mb(memory.heapTotal)} MB, external ${mb(memory.external)} MB\n`,
    );
  }
  result.rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  // The high-water mark over the whole run (kB on Linux), garbage not yet collected included.
  result.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify(result));
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
