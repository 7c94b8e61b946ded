/** The one error class the CLI catches: a message for the user and an exit code. */

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

export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** A configuration file (plan, geography) that does not hold what it must. */
export class ConfigError extends CliError {
  constructor(message: string) {
    super(message, EXIT.config);
    this.name = 'ConfigError';
  }
}
