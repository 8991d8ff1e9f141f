// Baseline of benchmark 7: only the embedded PostgreSQL and Meilisearch, started the
// way the server starts them, with no ORM, migrations, schema or HTTP. What remains of
// the server's start time above this is Utbyte's own.
import { loadConfig } from '../server/src/config';
import { startServices } from '../server/src/core/embedded/services';
import { createLogger } from '../server/src/core/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  // The handlers come first: the databases run detached, so a signal that found no
  // handler (the harness stops this the moment it reads "ready") killed this process
  // and left PostgreSQL and Meilisearch running, their data directory already deleted.
  let services: Awaited<ReturnType<typeof startServices>> | undefined;
  let stopping = false;
  const stop = () => {
    stopping = true;
    if (services) void services.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  services = await startServices(config, createLogger('warn'));
  // A signal during the start is answered once there is something to stop.
  if (stopping) return stop();
  process.stdout.write('services ready\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`services-only: ${(err as Error).message}\n`);
  process.exit(1);
});
