import { describe, expect, it } from 'vitest';
import { releaseHeap } from '../../pipeline/basics/heap.ts';

describe('releaseHeap', () => {
  it('collects the garbage at once and gives the emptied heap back', () => {
    releaseHeap();
    const before = process.memoryUsage();
    // ≈ 100 MB of short-lived objects, kept until here so that they reach the old generation
    let garbage: { i: number; s: string }[] | null = Array.from({ length: 1_000_000 }, (_, i) => ({ i, s: `行${i}` }));
    const grown = process.memoryUsage();
    expect(grown.heapUsed - before.heapUsed).toBeGreaterThan(40 * 2 ** 20);
    expect(garbage.length).toBe(1_000_000);
    garbage = null;
    releaseHeap();
    const after = process.memoryUsage();
    expect(after.heapUsed - before.heapUsed).toBeLessThan(10 * 2 ** 20);
    expect(after.heapTotal).toBeLessThan(grown.heapTotal - 30 * 2 ** 20);
  });

  it('can be called again (the collector is reached once)', () => {
    expect(() => {
      releaseHeap();
      releaseHeap();
    }).not.toThrow();
  });
});
