/**
 * Fixtures shared by every test file of a run, each made once, when a test first asks for
 * it, and then read (never changed: a test that edits inputs or outputs copies them
 * first). The test files run in several processes: the first to ask makes the fixture
 * under a lock, the others wait for it.
 *
 * - `sharedSample(years)`: the seed-1 sample of those years;
 * - `smallBuild()`: one complete build (warehouse, data, HTML and PDF reports, site) of the
 *   2020–2021 sample, with the report stage's documents;
 * - `fullBuild()`: the same of the whole 2020–2025 sample (every annual report, the final
 *   evaluation, every town's report of every year).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { memoryLogger } from '../../pipeline/basics/log.ts';
import { build } from '../../pipeline/build.ts';
import type { ReportDocument, YearReports } from '../../pipeline/present/report-documents.ts';
import { runSample } from '../../pipeline/sample/sample.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    fixturesRoot: string;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The folder of fixture `name`, made by `make(dir)` by the first caller of the run; `make`
 * may return metadata (JSON), kept beside it.
 */
async function shared<M>(name: string, make: (dir: string) => Promise<M>): Promise<{ dir: string; meta: M }> {
  const root = inject('fixturesRoot');
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

/** The seed-1 sample of `years`, read-only. */
export async function sharedSample(years: readonly number[]): Promise<string> {
  const name = `sample-${years.join('-')}`;
  const { dir } = await shared(name, async (dir) => {
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

/** One complete build of the 2020–2021 sample (PDFs included), read-only. */
export function smallBuild(): Promise<SmallBuild> {
  return completeBuild([2020, 2021]);
}

/** One complete build of the 2020–2025 sample (PDFs included), read-only. */
export function fullBuild(): Promise<SmallBuild> {
  return completeBuild([2020, 2021, 2022, 2023, 2024, 2025]);
}

async function completeBuild(years: readonly number[]): Promise<SmallBuild> {
  const input = await sharedSample(years);
  const { dir, meta } = await shared<Documents>(`out-${years[0]}-${years[years.length - 1]}`, async (out) => {
    const log = memoryLogger();
    const result = await build({ input, out, acceptRejects: false, pdf: true, log });
    if (result.exitCode !== 0) throw new Error(`构建失败（退出码 ${result.exitCode}）：\n${log.lines.join('\n')}`);
    return (result.reports?.documents ?? []).map((d) => ({ ...d, towns: [...d.towns] }));
  });
  return { input, out: dir, siteDir: join(dir, 'site'), documents: meta.map((d) => ({ ...d, towns: new Map(d.towns) })) };
}
