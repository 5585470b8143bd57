import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config/api-keys.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The configured API keys, looked up by digest in constant time so a key cannot be probed by timing. */
export class KeyRing {
  private readonly keys: { digest: Buffer; entry: ApiKeyEntry }[];

  constructor(entries: ApiKeyEntry[]) {
    this.keys = entries.map((entry) => ({ digest: Buffer.from(entry.sha256, 'hex'), entry }));
  }

  /** The entry for a presented key; undefined when there is none or it is unknown. */
  find(presented: string | undefined): ApiKeyEntry | undefined {
    if (!presented) return undefined;
    const d = digest(presented);
    let found: ApiKeyEntry | undefined;
    for (const k of this.keys) if (timingSafeEqual(k.digest, d)) found = k.entry;
    return found;
  }

  /** The entry of a key name (a page session holds the name, never the key); undefined when no key has it now. */
  named(principal: string | undefined): ApiKeyEntry | undefined {
    return this.keys.find((k) => k.entry.principal === principal)?.entry;
  }
}
