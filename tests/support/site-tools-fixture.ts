/**
 * The small built site (the sample for 2020 and 2021) for the search, SQL and serve tests:
 * the run's shared build (global-setup.ts), read-only.
 */
import { join } from 'node:path';
import { build, type BuildResult } from '../../pipeline/build.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { loadGeography, type Geography } from '../../pipeline/plan/geography.ts';
import { resolvePlan, type Plan } from '../../pipeline/plan/plan.ts';
import type { YearReports } from '../../pipeline/present/report-documents.ts';
import { smallBuild } from './fixtures.ts';
import { tempDir } from './helpers.ts';

export interface BuiltSite {
  input: string;
  out: string;
  siteDir: string;
  plan: Plan;
  geography: Geography;
  documents: YearReports[];
}

export async function smallSite(): Promise<BuiltSite> {
  const b = await smallBuild();
  return { input: b.input, out: b.out, siteDir: join(b.out, 'site'), plan: resolvePlan(), geography: loadGeography(), documents: b.documents };
}

/** The data stages of a build of `input` (values and the validated input), in a temp folder. */
export async function dataOf(input: string): Promise<BuildResult> {
  const result = await build({ input, out: tempDir('data'), acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
  if (result.exitCode !== 0) throw new Error(`build failed with exit code ${result.exitCode}`);
  return result;
}
