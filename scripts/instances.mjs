/**
 * `npm run instances -- [--count N] [--port P]`: N separate instances of the built server (`dist/src/main.js`) on
 * this machine, on ports P, P+1, …, all on the PostgreSQL that DATABASE_URL names (required), each with its own
 * INSTANCE_NAME. They start together (migrations take an advisory lock), share nothing but the database, and stop
 * together on Ctrl-C. Put a load balancer in front of the ports, or call them directly.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { count: { type: 'string', default: '3' }, port: { type: 'string', default: '3001' } } });
const count = Number(values.count);
const base = Number(values.port);
if (!process.env.DATABASE_URL) {
  console.error('DATABASE_URL is unset: several instances need one PostgreSQL (postgres://user:password@host:5432/db)');
  process.exit(1);
}
const main = join(import.meta.dirname, '..', 'dist', 'src', 'main.js');
const children = Array.from({ length: count }, (_, i) => {
  const name = `instance-${i + 1}`;
  const child = spawn(process.execPath, [main], { env: { ...process.env, PORT: String(base + i), INSTANCE_NAME: name }, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (data) => data.toString().split('\n').filter(Boolean).map((line) => `[${name}] ${line}`).join('\n') + '\n';
  child.stdout.on('data', (d) => process.stdout.write(prefix(d)));
  child.stderr.on('data', (d) => process.stderr.write(prefix(d)));
  child.on('exit', (code, signal) => console.log(`[${name}] exited (${signal ?? code})`));
  console.log(`[${name}] http://127.0.0.1:${base + i}`);
  return child;
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
  });
}
