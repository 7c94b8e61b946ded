/** Array helpers the language lacks for large inputs. */

/**
 * `target.push(...items)` without passing every item as an argument: a spread of more than
 * about 125,000 items overflows the call stack (a sheet may have 100,000 rejects; a build
 * with 130,000 blank cells stopped with 'Maximum call stack size exceeded').
 */
export function appendAll<T>(target: T[], items: Iterable<T>): void {
  for (const x of items) target.push(x);
}
