/** Terminal progress and summaries. Everything the CLI tells the user goes through a Logger. */

export interface Logger {
  /** A stage or file being worked on. */
  step(message: string): void;
  /** A plain line of information. */
  info(message: string): void;
  /** Something the user should look at. */
  warn(message: string): void;
}

/**
 * A line as the terminal may show it: control characters (a file named with an escape
 * sequence, a bell, a carriage return or a line break) as their visible symbols (␛ ␇ ␍ ␤),
 * so that a name can neither recolour, move or clear the terminal nor break a line in two.
 */
export function terminalText(line: string): string {
  return line.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code === 10) return '\u2424';
    if (code < 32) return String.fromCharCode(0x2400 + code);
    return code === 127 ? '\u2421' : '\ufffd';
  });
}

const isTTY = process.stderr.isTTY ?? false;
const paint = (code: string, s: string) => (isTTY && !process.env.NO_COLOR ? `\x1b[${code}m${s}\x1b[0m` : s);

/** Progress on stderr (stdout stays free for data, e.g. `planeval sql --csv`). */
export const consoleLogger: Logger = {
  step: (m) => process.stderr.write(`${paint('36', '›')} ${terminalText(m)}\n`),
  info: (m) => process.stderr.write(`  ${terminalText(m)}\n`),
  warn: (m) => process.stderr.write(`${paint('33', '!')} ${terminalText(m)}\n`),
};

/** A logger that keeps its lines, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, step: (m) => lines.push(m), info: (m) => lines.push(m), warn: (m) => lines.push(`! ${m}`) };
}
