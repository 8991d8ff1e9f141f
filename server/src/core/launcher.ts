// `npm start` runs the server under npm, through sh unless the script execs it. When
// that launcher goes away — killed with SIGKILL, or a SIGTERM that reached only the
// shell — the server would run on as an orphan, keeping PostgreSQL and Meilisearch
// alive with it. So a server started by npm stops when its parent process is gone.
// Started any other way (systemd, a container, `node main.js start &` with nohup) it
// does not watch: there a changed parent means nothing.

const POLL_MS = 500;

/** Calls `onGone` once when the process that launched us through npm has exited. */
export function watchLauncher(onGone: () => void, env: NodeJS.ProcessEnv = process.env): void {
  if (!env.npm_lifecycle_event) return;
  const parent = process.ppid;
  const timer = setInterval(() => {
    // An orphan is adopted by init or a subreaper, so its ppid changes.
    if (process.ppid === parent) return;
    clearInterval(timer);
    onGone();
  }, POLL_MS);
  // Never the reason the process stays alive.
  timer.unref();
}
