/**
 * Made once per test run, before any test file, and shared read-only: the seed-1 sample
 * (2020–2025 and 2020–2021) and one complete build of the small sample (warehouse, data,
 * reports in HTML and PDF, site). Test files that only read outputs use these (see
 * fixtures.ts) instead of generating and building their own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { build } from '../../pipeline/build.ts';
import { runSample } from '../../pipeline/sample/sample.ts';
import type { SharedFixtures } from './fixtures.ts';

export default async function setup(project: TestProject): Promise<() => void> {
  const root = mkdtempSync(join(tmpdir(), 'planeval-fixtures-'));
  const log = memoryLogger();
  const started = Date.now();

  // The samples
  const sampleFull = join(root, 'sample-2020-2025');
  const sampleSmall = join(root, 'sample-2020-2021');
  await runSample({ outDir: sampleFull, seed: 1, years: [2020, 2021, 2022, 2023, 2024, 2025], scale: 1, withErrors: false, log });
  await runSample({ outDir: sampleSmall, seed: 1, years: [2020, 2021], scale: 1, withErrors: false, log });

  // One complete build of the small sample, PDFs included
  const smallOut = join(root, 'out-2020-2021');
  const result = await build({ input: sampleSmall, out: smallOut, acceptRejects: false, pdf: true, log });
  if (result.exitCode !== 0) throw new Error(`共享测试数据构建失败（退出码 ${result.exitCode}）：\n${log.lines.join('\n')}`);
  const documents = (result.reports?.documents ?? []).map((d) => ({ ...d, towns: [...d.towns] }));
  writeFileSync(join(root, 'build.log'), log.lines.join('\n') + '\n');

  const fixtures: SharedFixtures = { root, sampleFull, sampleSmall, smallOut, documents };
  project.provide('fixtures', fixtures);
  process.stderr.write(`[test] 共享测试数据：${root}（${((Date.now() - started) / 1000).toFixed(1)} 秒）\n`);
  return () => rmSync(root, { recursive: true, force: true });
}
