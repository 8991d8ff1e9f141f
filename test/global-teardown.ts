import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  await globalThis.__utbyteTestServices?.stop();
  const dir = process.env.UTBYTE_TEST_DATA_DIR;
  if (dir) rmSync(dir, { recursive: true, force: true });
}
