/**
 * The error type of the library: something the user must fix (input, arguments,
 * configuration), with a Chinese message and the exit code the CLI ends with. Thrown
 * anywhere; caught in one place, the CLI entry (cli.ts).
 */

export const EXIT = {
  ok: 0,
  /** Unexpected failure (a bug, a missing system dependency). */
  failure: 1,
  /** Input data has rejected rows or files and the build was not told to accept them. */
  rejects: 2,
  /** The command line itself was wrong. */
  usage: 64,
  /** Configuration (plan, geography, contract) is invalid. */
  config: 78,
} as const;

export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** A configuration file (plan, geography) that does not hold what it must. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message, EXIT.config);
    this.name = 'ConfigError';
  }
}
