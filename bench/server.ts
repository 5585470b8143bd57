import { createServer } from 'node:net';
import type { Classification } from '../src/core/index.js';
import { classOptions } from '../src/pages/standard-view.js';

/** A free TCP port on 127.0.0.1 for a server the benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** Waits until the server at `url` answers `GET /health/ready`, for at most `seconds`. */
export async function waitReady(url: string, seconds: number): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    try {
      if ((await fetch(`${url}/health/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('server did not become ready');
}

/** POSTs `body` as JSON with the API key `key`; answers the JSON answer (throws on any status but 200 and 201). */
export async function postJson(url: string, key: string, path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(body) });
  if (res.status !== 201 && res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string };
}

/** One class path of Table 1 per category (the first the classification lists), as POST /agencies takes it. */
export function firstClassPaths(classification: Classification): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const option of classOptions(classification)) paths[option.category] ??= option.path;
  return paths;
}

/** Valid unified social credit codes (GB 32100) for a benchmark's few agencies, one per category. */
export const CREDIT_CODES = ['914403001922038216', '91440300708461136T', '91350100M000100Y43', '1A0000000000000000'];
