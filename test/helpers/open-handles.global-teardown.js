/**
 * Jest runs this suite in band, in its own process. A socket, server, timer or child process a
 * test forgets keeps that process alive after the last suite, and Jest then waits forever ("did
 * not exit one second after the test run"): in CI that is a timeout with no culprit, after every
 * test has passed. Such a leak is usually the library's own (a failed boot that left Redis sockets
 * open was one), so it fails the run instead, naming what is still open.
 *
 * The timer is unref'd: a run that leaves nothing open exits before it fires.
 */
const GRACE_MS = 10_000;

function describeHandle(handle) {
  const kind = handle?.constructor?.name ?? typeof handle;
  if (handle?.remotePort) return `${kind} to ${handle.remoteAddress}:${handle.remotePort}`;
  if (typeof handle?.address === 'function') {
    try {
      const address = handle.address();
      if (address) return `${kind} listening on ${typeof address === 'string' ? address : address.port}`;
    } catch {
      // a handle without an address (closed pipe) is described by its kind alone
    }
  }
  if (handle?.spawnargs) return `${kind} ${handle.spawnargs.slice(0, 3).join(' ')}`;
  return kind;
}

/** stdin/stdout/stderr are the process's own, not a test's. */
const isStdio = (handle) => handle?.fd === 0 || handle?.fd === 1 || handle?.fd === 2;

module.exports = async function failOnOpenHandles() {
  setTimeout(() => {
    const open = process._getActiveHandles().filter((handle) => !isStdio(handle));
    // Timers and pending requests are not handles: their kinds at least say what to look for.
    const resources = process.getActiveResourcesInfo().filter((kind) => kind !== 'TTYWrap');
    process.stderr.write(
      `\nThe test process was still alive ${GRACE_MS / 1000} s after the last suite; still open:\n` +
        open.map((handle) => `  - ${describeHandle(handle)}`).join('\n') +
        `\n  (active resources: ${resources.join(', ')})` +
        '\nA test leaves these behind: close every app, connection, server and timer it opens.\n',
    );
    process.exit(1);
  }, GRACE_MS).unref();
};
