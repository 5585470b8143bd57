/** Jest global teardown: stops the PostgreSQL that `global-setup.js` started, if it started one, and removes its folder. */
import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const embedded = globalThis.__EMBEDDED_POSTGRES__;
  if (!embedded) return;
  await embedded.pg.stop();
  rmSync(embedded.dir, { recursive: true, force: true });
  delete globalThis.__EMBEDDED_POSTGRES__;
}
