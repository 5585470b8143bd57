import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { TEST_API_KEYS } from './support.js';

const MAIN = join(import.meta.dirname, '..', '..', 'dist', 'src', 'main.js');

/** A port nobody listens on right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** One instance of the service: a separate `node dist/src/main.js` process on its own port. */
export interface Instance {
  name: string;
  url: string;
  proc: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  /** Resolves when GET /health/ready answers 200; rejects when the process exits first or `timeoutMs` passes. */
  ready: (timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
}

/** Environment every spawned instance gets: the test keys, quiet logs, the given database. */
export function instanceEnv(db: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    API_KEYS: TEST_API_KEYS,
    ...db,
    ...extra,
  };
}

/** Starts the built server (`dist/`, so run `npx tsc -p tsconfig.build.json` after changing sources). */
export async function spawnInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const port = await freePort();
  const proc = spawn(process.execPath, [MAIN], { env: { ...env, PORT: String(port), HOST: '127.0.0.1', INSTANCE_NAME: name }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => proc.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  let gone = false;
  void exited.then(() => (gone = true));
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    url,
    proc,
    output: () => out,
    exited,
    ready: async (timeoutMs = 120_000) => {
      const until = Date.now() + timeoutMs;
      while (Date.now() < until) {
        if (gone) throw new Error(`instance ${name} exited before it was ready:\n${out.slice(-3000)}`);
        const ok = await fetch(`${url}/health/ready`).then((r) => r.status === 200, () => false);
        if (ok) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`instance ${name} not ready after ${timeoutMs} ms:\n${out.slice(-3000)}`);
    },
    stop: async () => {
      if (!gone) proc.kill('SIGTERM');
      await exited;
    },
  };
}
