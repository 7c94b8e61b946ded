/**
 * A small built site for the search, SQL and serve tests: the sample for 2020 and 2021,
 * built once per test file without PDFs. The site stage writes search.html and sql.html;
 * should it not (yet) have, they are written here with the same functions.
 */
import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildResult } from '../../pipeline/build.ts';
import type { Geography } from '../../pipeline/plan/geography.ts';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { resolvePlan, type Plan } from '../../pipeline/plan/plan.ts';
import { Renderer } from '../../pipeline/present/render.ts';
import { pageFrame } from '../../pipeline/present/page-frame.ts';
import { searchDocs, writeSearchPage, type RootFrameOptions } from '../../pipeline/site/search.ts';
import { writeSqlPage } from '../../pipeline/site/sql.ts';
import { loadGeography } from '../../pipeline/plan/geography.ts';
import { sample, tempDir } from './helpers.ts';

export interface BuiltSite {
  input: string;
  out: string;
  siteDir: string;
  plan: Plan;
  geography: Geography;
  result: BuildResult;
}

export async function buildSmallSite(prefix: string): Promise<BuiltSite> {
  const input = await sample({ years: [2020, 2021] });
  const out = tempDir(prefix);
  const result = await build({ input, out, acceptRejects: false, pdf: false, log: memoryLogger() });
  if (result.exitCode !== 0) throw new Error(`build failed with exit code ${result.exitCode}`);
  const plan = resolvePlan();
  const geography = loadGeography();
  const siteDir = join(out, 'site');
  const frame = (o: RootFrameOptions) => pageFrame(plan, { latestYear: 2021 }, { ...o, root: '' });
  const renderer = new Renderer();
  if (!existsSync(join(siteDir, 'search.html'))) {
    writeSearchPage({ siteDir, renderer, plan, frame, docs: searchDocs({ plan, geography, values: result.values!, data: result.data }) });
  }
  if (!existsSync(join(siteDir, 'sql.html'))) {
    if (!existsSync(join(siteDir, 'data', 'indicator_values.parquet'))) cpSync(join(out, 'data'), join(siteDir, 'data'), { recursive: true });
    await writeSqlPage({ siteDir, renderer, plan, frame });
  }
  return { input, out, siteDir, plan, geography, result };
}
