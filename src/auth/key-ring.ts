import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from '../config/api-keys.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The configured API keys, looked up by digest in constant time so a key cannot be probed by timing. */
export class KeyRing {
  private readonly keys: { digest: Buffer; entry: ApiKeyEntry }[];

  constructor(entries: ApiKeyEntry[]) {
    this.keys = entries.map((entry) => ({ digest: digest(entry.key), entry }));
  }

  /** The entry for a presented key; undefined when there is none or it is unknown. */
  find(presented: string | undefined): ApiKeyEntry | undefined {
    if (!presented) return undefined;
    const d = digest(presented);
    let found: ApiKeyEntry | undefined;
    for (const k of this.keys) if (timingSafeEqual(k.digest, d)) found = k.entry;
    return found;
  }
}
