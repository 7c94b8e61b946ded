import { describe, expect, it } from 'vitest';
import { meanwhile } from '../../pipeline/basics/events.ts';

const later = <T>(ms: number, value: T, fail = false) =>
  new Promise<T>((resolve, reject) => setTimeout(() => (fail ? reject(new Error(String(value))) : resolve(value)), ms));

describe('meanwhile(background, work)', () => {
  it("gives work's value once both are done, work running while the background goes on", async () => {
    const order: string[] = [];
    const background = later(30, 'b').then(() => order.push('background done'));
    const value = await meanwhile(background, () => {
      order.push('work');
      return 42;
    });
    expect(value).toBe(42);
    expect(order).toEqual(['work', 'background done']);
  });

  it("waits for the background when work fails, then throws work's error", async () => {
    let finished = false;
    const background = later(30, 'b').then(() => (finished = true));
    await expect(
      meanwhile(background, () => {
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    expect(finished).toBe(true);
  });

  it("throws the background's error first, after work is done", async () => {
    let workDone = false;
    await expect(
      meanwhile(later(5, 'tests failed', true), async () => {
        await later(30, null);
        workDone = true;
        throw new Error('work failed too');
      }),
    ).rejects.toThrow('tests failed');
    expect(workDone).toBe(true);
  });
});
