import type { FactDef, FactDictionary, FieldDef } from '../core/types.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same agencies on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratorOptions {
  /** Chance that an optional fact is supplied (default 0.85). */
  optionalRate?: number;
  /** Chance that a veto fact is true (default 0.03). */
  vetoRate?: number;
  /** Chance that an eligibility fact fails (default 0.03). */
  ineligibleRate?: number;
}

/**
 * Generates realistic, valid facts for made-up agencies from the fact dictionary alone, so benchmarks and property
 * tests follow any revision of the dictionary.
 */
export class FactsGenerator {
  private readonly entries: [string, FactDef][];

  constructor(
    dictionary: FactDictionary,
    private readonly random: () => number,
    private readonly options: GeneratorOptions = {},
  ) {
    this.entries = Object.entries(dictionary.facts).filter(([, def]) => !def.derive);
  }

  /** One agency's facts. */
  next(): Record<string, unknown> {
    const facts: Record<string, unknown> = {};
    for (const [id, def] of this.entries) {
      if (!def.required && this.random() > (this.options.optionalRate ?? 0.85)) continue;
      facts[id] = this.value(def);
    }
    return facts;
  }

  private value(def: FactDef): unknown {
    const r = this.random;
    switch (def.type) {
      case 'boolean':
        if (def.indicators.includes('veto')) return r() < (this.options.vetoRate ?? 0.03);
        if (def.indicators.includes('eligibility')) return r() >= (this.options.ineligibleRate ?? 0.03);
        return r() < 0.6;
      case 'enum':
        return this.pick(def.values ?? []);
      case 'list':
        if (def.items?.type === 'enum') return (def.items.values ?? []).filter(() => r() < 0.3);
        return Array.from({ length: Math.floor(r() * 5) }, () => this.object(def.items?.fields ?? {}));
      case 'rating':
        return Math.round(this.between(def.min ?? 0, def.max ?? 5) * 2) / 2;
      case 'integer':
        return Math.round(this.quantity(def));
      default:
        return Math.round(this.quantity(def) * 100) / 100;
    }
  }

  /** Quantities without an upper bound spread log-uniformly, as real agency sizes do. */
  private quantity(def: FactDef): number {
    const min = def.min ?? 0;
    if (def.indicators.includes('eligibility') && def.max === undefined) {
      return this.random() < (this.options.ineligibleRate ?? 0.03) ? min : min + 2 + this.random() * 20;
    }
    if (def.max !== undefined) return this.between(min, def.max);
    return min + Math.expm1(this.random() * Math.log(2000));
  }

  private object(fields: Record<string, FieldDef>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, field] of Object.entries(fields)) {
      if (field.type === 'enum') out[name] = this.pick(field.values ?? []);
      else if (field.type === 'integer') out[name] = Math.round(this.between(field.min ?? 0, field.max ?? 100));
      else out[name] = `item-${Math.floor(this.random() * 1e6)}`;
    }
    return out;
  }

  private between(lo: number, hi: number): number {
    return lo + this.random() * (hi - lo);
  }

  private pick<T>(values: T[]): T {
    return values[Math.floor(this.random() * values.length)];
  }
}
