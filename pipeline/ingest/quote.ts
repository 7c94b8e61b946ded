/**
 * Values quoted in messages and kept in the rejects ledger, with a length cap: a cell may
 * hold megabytes (a crafted shared string), and a message quoting it whole would flood the
 * terminal or exceed what a string can hold once quoted in every rejected cell.
 */
import { formatNumber } from '../basics/format.ts';

/** Most characters of a value quoted in a message. */
export const QUOTE_MAX = 100;

/** The last long string counted: one shared string quoted in many cells is counted once. */
let last: { s: string; n: number } | null = null;

/** Characters of `s` (a surrogate pair counts once). */
function characters(s: string): number {
  if (last !== null && last.s === s) return last.n;
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) n--;
  }
  last = { s, n };
  return n;
}

/**
 * `s` whole when it has at most `max` characters; else its first `max` and `…（共N字）`,
 * so a reader knows it was cut and how long it is.
 */
export function quote(s: string, max = QUOTE_MAX): string {
  if (s.length <= max) return s;
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end--; // do not split a surrogate pair
  return `${s.slice(0, end)}…（共${formatNumber(characters(s))}字）`;
}
