/**
 * Fixtures shared by every test file of a run, each made once, when a test first asks for
 * it (or by the run's background prebuild, tests/support/prebuild.ts), and then read (never
 * changed: a test that edits inputs or outputs copies them first). The test files run in
 * several processes: the first to ask makes the fixture under a lock, the others wait for
 * it. This module does not import vitest, so that the prebuild process can use it; the
 * test files use the wrappers in fixtures.ts.

 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { build } from '../../pipeline/build.ts';
import type { ReportDocument, YearReports } from '../../pipeline/present/report-documents.ts';
import { runSample } from '../../pipeline/sample/sample.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The folder of fixture `name`, made by `make(dir)` by the first caller of the run; `make`
 * may return metadata (JSON), kept beside it.
 */
async function shared<M>(root: string, name: string, make: (dir: string) => Promise<M>): Promise<{ dir: string; meta: M }> {
  const dir = join(root, name);
  const metaFile = join(root, `${name}.json`);
  const failed = join(root, `${name}.failed`);
  const lock = join(root, `${name}.lock`);
  let mine = false;
  try {
    mkdirSync(lock);
    mine = true;
  } catch {
    // Another process is making it.
  }
  if (mine && !existsSync(metaFile)) {
    const tmp = `${dir}.tmp`;
    try {
      rmSync(tmp, { recursive: true, force: true });
      const meta = await make(tmp);
      renameSync(tmp, dir);
      writeFileSync(metaFile, JSON.stringify(meta ?? null));
    } catch (e) {
      writeFileSync(failed, e instanceof Error ? (e.stack ?? e.message) : String(e));
      throw e;
    }
  }
  for (;;) {
    if (existsSync(metaFile)) return { dir, meta: JSON.parse(readFileSync(metaFile, 'utf8')) as M };
    if (existsSync(failed)) throw new Error(`共享测试数据 ${name} 生成失败：\n${readFileSync(failed, 'utf8')}`);
    await sleep(200);
  }
}

/** The seed-1 sample of `years` in the fixtures folder `root`, read-only. */
export async function sharedSampleIn(root: string, years: readonly number[]): Promise<string> {
  const name = `sample-${years.join('-')}`;
  const { dir } = await shared(root, name, async (dir) => {
    await runSample({ outDir: dir, seed: 1, years: [...years], scale: 1, withErrors: false, log: memoryLogger() });
    return null;
  });
  return dir;
}

export interface SmallBuild {
  input: string;
  out: string;
  siteDir: string;
  /** The report stage's documents of that build. */
  documents: YearReports[];
}

type Documents = (Omit<YearReports, 'towns'> & { towns: [string, ReportDocument][] })[];

/** One complete build (PDFs included) of the sample of `years` in the fixtures folder `root`, read-only. */
export async function completeBuildIn(root: string, years: readonly number[]): Promise<SmallBuild> {
  const input = await sharedSampleIn(root, years);
  const { dir, meta } = await shared<Documents>(root, `out-${years[0]}-${years[years.length - 1]}`, async (out) => {
    const log = memoryLogger();
    const result = await build({ input, out, acceptRejects: false, pdf: true, log });
    if (result.exitCode !== 0) throw new Error(`构建失败（退出码 ${result.exitCode}）：\n${log.lines.join('\n')}`);
    return (result.reports?.documents ?? []).map((d) => ({ ...d, towns: [...d.towns] }));
  });
  return { input, out: dir, siteDir: join(dir, 'site'), documents: meta.map((d) => ({ ...d, towns: new Map(d.towns) })) };
}
