/**
 * The shared fixtures of a test run (fixtures-core.ts), in the run's fixtures folder:
 *
 * - `sharedSample(years)`: the seed-1 sample of those years;
 * - `smallBuild()`: one complete build (warehouse, data, HTML and PDF reports, site) of the
 *   2020–2021 sample, with the report stage's documents;
 * - `fullBuild()`: the same of the whole 2020–2025 sample (every annual report, the final
 *   evaluation, every town's report of every year).
 */
import { inject } from 'vitest';
import { completeBuildIn, sharedSampleIn, type SmallBuild } from './fixtures-core.ts';

export type { SmallBuild } from './fixtures-core.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fixturesRoot: string;
  }
}

/** The seed-1 sample of `years`, read-only. */
export function sharedSample(years: readonly number[]): Promise<string> {
  return sharedSampleIn(inject('fixturesRoot'), years);
}

/** One complete build of the 2020–2021 sample (PDFs included), read-only. */
export function smallBuild(): Promise<SmallBuild> {
  return completeBuildIn(inject('fixturesRoot'), [2020, 2021]);
}

/** One complete build of the 2020–2025 sample (PDFs included), read-only. */
export function fullBuild(): Promise<SmallBuild> {
  return completeBuildIn(inject('fixturesRoot'), [2020, 2021, 2022, 2023, 2024, 2025]);
}
