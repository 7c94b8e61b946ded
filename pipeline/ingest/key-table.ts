/**
 * Rows found by their comparison keys (`rowKey`) without a Map of the keys' texts: each row's
 * key has a 32-bit hash (`keyHash`, made by the reading worker as it packs the row), and a
 * table of row numbers in typed arrays is searched by it; keys are compared as texts only
 * where their hashes agree. The checks of a year (a key filled in twice) and the comparison
 * with the year before (the same row last year) look up every row of the year: through Maps of
 * the texts that took the build's thread ≈ 0.6 + 0.4 s at 100× (hashing each text there, and
 * the Maps' own storage to collect).
 */

/** FNV-1a over the key's UTF-16 code units: the same key, the same hash, in every thread. */
export function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/**
 * Row numbers (0 and up, as the caller numbers its rows) by key. `keyOf(n)` gives row n's key
 * text; a row's key is looked for among the rows added with the same hash.
 */
export class KeyTable {
  /** Row number + 1 per slot; 0: empty. */
  private rows: Int32Array;
  private hashes: Int32Array;
  private mask: number;
  private count = 0;

  constructor(
    private readonly keyOf: (n: number) => string,
    expected = 0,
  ) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.rows = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The row added before with row n's key; else -1, and row n is added. */
  addOrFind(hash: number, n: number): number {
    const found = this.lookup(hash, n, undefined);
    if (found >= 0) return found;
    if ((this.count + 1) * 2 > this.rows.length) this.grow();
    let p = hash & this.mask;
    while (this.rows[p] !== 0) p = (p + 1) & this.mask;
    this.rows[p] = n + 1;
    this.hashes[p] = hash;
    this.count++;
    return -1;
  }

  /** The row added with this key (its hash `hash`), or -1. */
  get(hash: number, key: string): number {
    return this.lookup(hash, -1, key);
  }

  /**
   * The row added with `key`, or with row n's key when `key` is undefined: that text is made
   * only where a row's hash agrees (a row whose key is new, most rows, needs none).
   */
  private lookup(hash: number, n: number, key: string | undefined): number {
    const { rows, hashes, mask } = this;
    for (let p = hash & mask; ; p = (p + 1) & mask) {
      const r = rows[p]!;
      if (r === 0) return -1;
      if (hashes[p] !== hash) continue;
      key ??= this.keyOf(n);
      if (this.keyOf(r - 1) === key) return r - 1;
    }
  }

  private grow(): void {
    const { rows, hashes } = this;
    const capacity = rows.length * 2;
    this.rows = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let q = 0; q < rows.length; q++) {
      if (rows[q] === 0) continue;
      let p = hashes[q]! & this.mask;
      while (this.rows[p] !== 0) p = (p + 1) & this.mask;
      this.rows[p] = rows[q]!;
      this.hashes[p] = hashes[q]!;
    }
  }
}
