/**
 * SQL text built in TypeScript: every value and path that reaches a statement goes
 * through here, so a quote in a path (`--out "o'q"`) or in a comment cannot end the string.
 */

/** A SQL string literal: `'it''s'`. */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
