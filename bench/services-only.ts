// Baseline of benchmark 7: only the embedded PostgreSQL and Meilisearch, started the
// way the server starts them, with no ORM, migrations, schema or HTTP. What remains of
// the server's start time above this is Utbyte's own.
import { loadConfig } from '../server/src/config';
import { startServices } from '../server/src/core/embedded/services';
import { createLogger } from '../server/src/core/logger';

async function main(): Promise<void> {
  const config = loadConfig();
  const services = await startServices(config, createLogger('warn'));
  process.stdout.write('services ready\n');
  const stop = () => void services.stop().then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`services-only: ${(err as Error).message}\n`);
  process.exit(1);
});
