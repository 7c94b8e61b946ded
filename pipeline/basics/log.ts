/** Terminal progress and summaries. Everything the CLI tells the user goes through a Logger. */

export interface Logger {
  /** A stage or file being worked on. */
  step(message: string): void;
  /** A plain line of information. */
  info(message: string): void;
  /** Something the user should look at. */
  warn(message: string): void;
}

const isTTY = process.stderr.isTTY ?? false;
const paint = (code: string, s: string) => (isTTY && !process.env.NO_COLOR ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Progress on stderr (stdout stays free for data, e.g. `planeval sql --csv`). */
export const consoleLogger: Logger = {
  step: (m) => process.stderr.write(`${paint('36', '›')} ${m}\n`),
  info: (m) => process.stderr.write(`  ${m}\n`),
  warn: (m) => process.stderr.write(`${paint('33', '!')} ${m}\n`),
};

/** A logger that keeps its lines, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, step: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(`! ${m}`) };
}
