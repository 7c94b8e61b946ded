/**
 * Seeded randomness and exact integer splitting for the sample generator. Everything the
 * generator draws comes from here, so the same seed always gives the same workbooks.
 */

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Whole number in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** A new array in random order. */
  shuffle<T>(items: readonly T[]): T[];
  /** A child stream for an independent part of the world (stable whatever the order of use). */
  fork(label: string): Rng;
}

/** 32-bit FNV-1a of a string, to derive stream seeds from labels. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: small, fast, good enough for synthetic data. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng: Rng = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    shuffle(items) {
      const out = [...items];
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        [out[i], out[j]] = [out[j]!, out[i]!];
      }
      return out;
    },
    fork: (label) => createRng(hash32(`${seed}:${label}`)),
  };
  return rng;
}

/**
 * Split `total` into whole numbers proportional to `weights` (largest remainder, ties by
 * position), so that the parts always add up to `total` exactly.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  const n = weights.length;
  if (n === 0) return [];
  const sum = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (sum <= 0) {
    const base = Math.floor(total / n);
    return weights.map((_, i) => base + (i < total - base * n ? 1 : 0));
  }
  const exact = weights.map((w) => (Math.max(0, w) / sum) * total);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((s, p) => s + p, 0);
  const order = exact.map((e, i) => ({ i, r: e - Math.floor(e) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (let k = 0; left > 0; k = (k + 1) % n, left--) parts[order[k]!.i]!++;
  return parts;
}

/** Round half away from zero to `d` decimals (for generator arithmetic, not display). */
export function roundTo(v: number, d: number): number {
  const f = 10 ** d;
  return Math.round(v * f) / f;
}

/**
 * `k` distinct items drawn with probability proportional to `weight` (Efraimidis–Spirakis
 * keys), returned in draw order. Fast enough for tens of thousands of candidates.
 */
export function weightedSample<T>(items: readonly T[], weight: (item: T) => number, k: number, rng: Rng): T[] {
  if (k <= 0) return [];
  const keyed = items.map((item) => ({ item, key: -Math.log(1 - rng.next()) / Math.max(1e-9, weight(item)) }));
  keyed.sort((a, b) => a.key - b.key);
  return keyed.slice(0, k).map((x) => x.item);
}

/**
 * Like `apportion`, but no part exceeds its cap; what a capped part cannot take goes to the
 * others. Throws when the caps cannot hold the total.
 */
export function apportionCapped(total: number, weights: readonly number[], caps: readonly number[]): number[] {
  const capSum = caps.reduce((s, c) => s + c, 0);
  if (total > capSum) throw new Error(`apportionCapped: ${total} > caps ${capSum}`);
  const parts = new Array<number>(weights.length).fill(0);
  let open = weights.map((_, i) => i).filter((i) => caps[i]! > 0);
  let left = total;
  while (left > 0 && open.length > 0) {
    const share = apportion(left, open.map((i) => weights[i]! > 0 ? weights[i]! : 1e-6));
    let given = 0;
    open.forEach((i, k) => {
      const add = Math.min(share[k]!, caps[i]! - parts[i]!);
      parts[i]! += add;
      given += add;
    });
    left -= given;
    open = open.filter((i) => parts[i]! < caps[i]!);
    if (given === 0) break;
  }
  if (left > 0) throw new Error(`apportionCapped: ${left} left over`);
  return parts;
}
