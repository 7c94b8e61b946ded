/**
 * Where a build writes (issue 11, cases 1, 2, 13, 14): only into a folder that is empty or
 * planeval's own, one build at a time, and never by reading a whole input file at once.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { build } from '../pipeline/build.ts';
import { EXIT, UserError } from '../pipeline/basics/errors.ts';
import { memoryLogger } from '../pipeline/basics/log.ts';
import { acquireBuildLock, CACHE_DIR, OUT_MARKER, prepareOut, publish, refuseOutInsideInput, sweepStaging } from '../pipeline/publish.ts';
import { cachePlaces, readBuildRecord } from '../pipeline/build-cache.ts';
import { runCli, sample, tempDir } from './support/helpers.ts';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

/** A folder that looks like the project root (or a user's home): things planeval did not write. */
function foreignFolder(): string {
  const dir = tempDir('root');
  for (const [file, text] of Object.entries({
    'data/plan/p/plan.json': '{}',
    'data/reference/geography.csv': 'code,name\n',
    'data/text/recommendations.txt': '建议',
    'site/index.html': '<p>my own site</p>',
    'README.md': '# mine',
  })) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

let input: string;
beforeAll(async () => {
  input = await sample({ years: [2020, 2021] });
});

describe('build --out: a folder that is not planeval\'s own (issue 11 case 1)', () => {
  it('refuses, with exit 64, an existing folder holding other things, and changes nothing in it', async () => {
    const dir = foreignFolder();
    const before = tree(dir);
    const run = await runCli(['build', '--input', input, '--out', dir, '--data-only']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(`输出目录“${dir}”`);
    expect(run.stderr).toContain('不是 planeval 生成的');
    expect(tree(dir)).toEqual(before);
    expect(readdirSync(dir).sort()).toEqual(['README.md', 'data', 'site']);
  });

  it('builds into a new or empty folder, marks it, and builds into it again, leaving what others put there', async () => {
    const out = join(tempDir('fresh'), 'out');
    const first = await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
    expect(first.exitCode).toBe(0);
    expect(existsSync(join(out, OUT_MARKER))).toBe(true);
    writeFileSync(join(out, '说明.txt'), '用户自己的文件');
    const second = await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() });
    expect(second.exitCode).toBe(0);
    expect(readFileSync(join(out, '说明.txt'), 'utf8')).toBe('用户自己的文件');
    expect(readdirSync(out).sort()).toEqual([OUT_MARKER, CACHE_DIR, 'data', 'warehouse.duckdb', '说明.txt'].sort());

    const empty = tempDir('empty');
    expect((await build({ input, out: empty, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() })).exitCode).toBe(0);
  });

  it('replaces only what planeval wrote: an entry it did not publish there is refused', () => {
    const out = tempDir('marked');
    writeFileSync(join(out, OUT_MARKER), JSON.stringify({ tool: 'planeval', entries: ['warehouse.duckdb', 'data'] }));
    mkdirSync(join(out, 'data'));
    mkdirSync(join(out, 'site'));
    writeFileSync(join(out, 'site', 'index.html'), 'mine');
    expect(() => prepareOut(out, ['warehouse.duckdb', 'data'])).not.toThrow();
    const err = (() => {
      try {
        prepareOut(out, ['warehouse.duckdb', 'data', 'site', 'pdf']);
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).exitCode).toBe(EXIT.usage);
    expect((err as UserError).message).toContain('“site”');
  });

  it('takes the project\'s out/ holding only what other planeval commands put there (templates, bench)', () => {
    const out = tempDir('side');
    mkdirSync(join(out, 'templates'));
    writeFileSync(join(out, 'templates', '办公室_2026.xlsx'), 'x');
    mkdirSync(join(out, 'bench'));
    expect(() => prepareOut(out, ['warehouse.duckdb', 'data', 'site', 'pdf'])).not.toThrow();
    // …but not when a data/ or site/ of unknown origin is beside them.
    mkdirSync(join(out, 'site'));
    expect(() => prepareOut(out, ['warehouse.duckdb', 'data', 'site', 'pdf'])).toThrow(UserError);
  });

  it('takes over an output folder of an earlier planeval (no marker yet, only its own entries)', () => {
    const out = tempDir('legacy');
    mkdirSync(join(out, 'data'));
    writeFileSync(join(out, 'data', 'manifest.json'), '{"plan":"x"}');
    writeFileSync(join(out, 'warehouse.duckdb'), '');
    mkdirSync(join(out, 'site'));
    expect(() => prepareOut(out, ['warehouse.duckdb', 'data', 'site', 'pdf'])).not.toThrow();
  });
});

describe('an out folder moved or copied elsewhere (the eighth attack)', () => {
  it('is still the build of its inputs, and the summary names it where it is now', async () => {
    const first = join(tempDir('moved'), 'out');
    expect((await build({ input, out: first, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() })).exitCode).toBe(0);
    const moved = join(tempDir('moved'), 'elsewhere');
    renameSync(first, moved);
    const log = memoryLogger();
    const again = await build({ input, out: moved, acceptRejects: false, pdf: false, dataOnly: true, log });
    expect(again.unchanged).toBe(true);
    const said = log.lines.join('\n');
    expect(said).toContain(`数据仓库：${join(moved, 'warehouse.duckdb')}`);
    expect(said).not.toContain(first);
  });
});

describe('build --out naming a file (issue 11 case 14)', () => {
  it('exits 64 with a message, leaving the file as it was', async () => {
    const dir = tempDir('outfile');
    const file = join(dir, 'out.txt');
    writeFileSync(file, 'not a folder');
    const run = await runCli(['build', '--input', input, '--out', file, '--data-only']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(`“${file}”是文件`);
    expect(run.stderr).not.toContain('内部错误');
    expect(readFileSync(file, 'utf8')).toBe('not a folder');

    const below = await runCli(['build', '--input', input, '--out', join(file, 'sub'), '--data-only']);
    expect(below.code).toBe(EXIT.usage);
    expect(below.stderr).toContain(`“${file}”是文件`);
  });
});

describe('build --out inside the input folder (the thirteenth attack)', () => {
  it('exits 64 before writing anything: the next build would read its own outputs as workbooks', () => {
    const inside = join(input, '2021', 'OUT');
    expect(() => refuseOutInsideInput(inside, input)).toThrow(new UserError(`--out 指定的输出目录“${inside}”在输入目录“${input}”之内：下一次构建会把输出的文件当作填报数据读取。请把输出目录放在输入目录之外（默认 out）`, EXIT.usage));
    expect(() => refuseOutInsideInput(input, input)).toThrow(/就是输入目录/);
    // beside it, or a name that only begins as the input's does, is fine
    expect(() => refuseOutInsideInput(`${input}-out`, input)).not.toThrow();
    expect(() => refuseOutInsideInput(join(input, '..', 'out'), input)).not.toThrow();
  });

  it('is refused by build with nothing made there', async () => {
    const inside = join(input, '2021', 'OUT');
    const run = await runCli(['build', '--input', input, '--out', inside, '--data-only']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain('在输入目录');
    expect(existsSync(inside)).toBe(false);
  });
});

describe('two builds into the same --out (issue 11 case 2)', () => {
  it('runs them one after the other: both succeed and the published result is whole', async () => {
    // The first builds reports and site (long enough for the second to reach its staging
    // folder while it runs); the second only the data.
    const out = tempDir('twice');
    let second: Promise<Awaited<ReturnType<typeof runCli>>> | undefined;
    const first = runCli(['build', '--input', input, '--out', out, '--no-pdf'], {
      onStderr: (chunk) => {
        // The second build starts once the first has made its staging folder.
        if (!second && chunk.includes('载入数据仓库')) second = runCli(['build', '--input', input, '--out', out, '--data-only']);
      },
    });
    const a = await first;
    expect(second).toBeDefined();
    const b = await second!;
    expect({ code: a.code, stderr: a.code === 0 ? '' : a.stderr }).toEqual({ code: 0, stderr: '' });
    expect({ code: b.code, stderr: b.code === 0 ? '' : b.stderr }).toEqual({ code: 0, stderr: '' });
    expect(b.stderr).toContain('另一个 planeval 构建');
    expect(readdirSync(out).filter((n) => n.startsWith('.staging') || n.endsWith('.lock'))).toEqual([]);
    for (const f of ['warehouse.duckdb', 'data/manifest.json', 'site/index.html']) expect(existsSync(join(out, f)), f).toBe(true);
  }, 240_000);

  it('a build that found its inputs unchanged looks again once the build it waited for has published (the eighth attack: another input\'s outputs passed off as its own)', async () => {
    const out = tempDir('waited');
    expect((await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() })).exitCode).toBe(0);
    const own = readBuildRecord(out)!.key;
    // Another build holds the lock; this one, its inputs those of the last build, waits for it.
    const held = await acquireBuildLock(out, memoryLogger());
    const log = memoryLogger();
    const waiting = build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log });
    while (!log.lines.some((l) => l.includes('另一个 planeval 构建'))) await new Promise((r) => setTimeout(r, 20));
    // Meanwhile the other build publishes what other inputs made, and records them.
    const file = cachePlaces(out).build;
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), key: 'other inputs' }));
    held.release();
    const second = await waiting;
    expect(second.exitCode).toBe(0);
    expect(second.unchanged).toBeFalsy();
    expect(log.lines.join('\n')).not.toContain('没有变化');
    expect(readBuildRecord(out)!.key).toBe(own);
  }, 120_000);

  it('waits while another build holds the lock, and takes over a lock left by a killed build', async () => {
    const out = tempDir('lock');
    const log = memoryLogger();
    const held = await acquireBuildLock(out, log);
    let got = false;
    const waiting = acquireBuildLock(out, log, { pollMs: 20 }).then((l) => {
      got = true;
      return l;
    });
    await new Promise((r) => setTimeout(r, 200));
    expect(got).toBe(false);
    expect(log.lines.join('\n')).toContain(`进程 ${process.pid}`);
    held.release();
    const second = await waiting;
    expect(got).toBe(true);
    second.release();
    expect(readdirSync(out)).toEqual([]);

    // A lock whose process is gone (kill -9) is stale.
    const lockFile = join(out, '.planeval-build.lock');
    writeFileSync(lockFile, JSON.stringify({ pid: 2 ** 22 + 12345, host: (await import('node:os')).hostname(), started: new Date().toISOString() }));
    const third = await acquireBuildLock(out, log, { pollMs: 20 });
    third.release();
    expect(existsSync(lockFile)).toBe(false);
  });
});

describe('a build killed while publishing (the eighth attack)', () => {
  /** An out folder as a build published it: each entry holding a file that says which build made it. */
  function published(out: string, by: string, entries: readonly string[]): void {
    for (const e of entries) {
      if (e === 'warehouse.duckdb') writeFileSync(join(out, e), by);
      else {
        mkdirSync(join(out, e), { recursive: true });
        writeFileSync(join(out, e, 'made-by.txt'), by);
      }
    }
  }
  const madeBy = (out: string, e: string) => (existsSync(join(out, e)) ? readFileSync(e === 'warehouse.duckdb' ? join(out, e) : join(out, e, 'made-by.txt'), 'utf8') : 'missing');
  const ENTRIES = ['warehouse.duckdb', 'data', 'site', 'pdf'];

  it('has its publish finished by the next build that holds the lock, wherever it was killed: every entry is the killed build\'s', () => {
    const out = tempDir('killed');
    published(out, 'old', ENTRIES);
    const staging = join(out, '.staging-4194305');
    mkdirSync(staging);
    published(staging, 'new', ENTRIES);
    // publish() up to the kill: the warehouse moved, site renamed aside but the new one not in place
    writeFileSync(join(staging, '.publishing.json'), JSON.stringify({ entries: ENTRIES }));
    rmSync(join(out, 'warehouse.duckdb'));
    renameSync(join(staging, 'warehouse.duckdb'), join(out, 'warehouse.duckdb'));
    renameSync(join(out, 'site'), join(staging, '.previous-site'));
    expect(ENTRIES.map((e) => madeBy(out, e))).toEqual(['new', 'old', 'missing', 'old']);

    expect(sweepStaging(out, readdirSync).sort()).toEqual(['data', 'pdf', 'site']);
    expect(ENTRIES.map((e) => madeBy(out, e))).toEqual(['new', 'new', 'new', 'new']);
    expect(readdirSync(out).filter((n) => n.startsWith('.staging'))).toEqual([]);
  });

  it('stopped with Ctrl-C or SIGTERM, says so and exits 130 or 143, the outputs last published as they were', async () => {
    const out = tempDir('interrupted');
    expect((await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() })).exitCode).toBe(0);
    const published = () => ({ ...tree(join(out, 'data')), warehouse: createHash('sha256').update(readFileSync(join(out, 'warehouse.duckdb'))).digest('hex') });
    const before = published();
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      let sent = false;
      const run = await runCli(['build', '--input', input, '--out', out, '--data-only', '--force'], {
        onStderr: (chunk, _kill, send) => {
          if (!sent && chunk.includes('读取并校验工作簿')) {
            sent = true;
            send(signal);
          }
        },
      });
      expect({ code: run.code, signal: run.signal }, run.stderr.slice(-300)).toEqual({ code, signal: null });
      expect(run.stderr).toContain(`已中断（${signal === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM'}）`);
      expect(published()).toEqual(before);
    }
    // the next build sweeps what they left and finds the outputs those of its inputs
    const log = memoryLogger();
    expect((await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log })).unchanged).toBe(true);
    expect(readdirSync(out).filter((n) => n.startsWith('.staging') || n.endsWith('.lock'))).toEqual([]);
  }, 120_000);

  it('is only swept away when it had not begun to publish: the out folder stays as it was', () => {
    const out = tempDir('killed-early');
    published(out, 'old', ENTRIES);
    const staging = join(out, '.staging-4194306');
    mkdirSync(staging);
    published(staging, 'new', ['warehouse.duckdb', 'data']);
    expect(sweepStaging(out, readdirSync)).toEqual([]);
    expect(ENTRIES.map((e) => madeBy(out, e))).toEqual(['old', 'old', 'old', 'old']);
    expect(existsSync(staging)).toBe(false);
  });

  it('publish() moves every entry and leaves no staging folder', () => {
    const out = tempDir('publish');
    published(out, 'old', ENTRIES);
    const staging = join(out, '.staging-4194307');
    mkdirSync(staging);
    published(staging, 'new', ['warehouse.duckdb', 'data']);
    publish(staging, out, ENTRIES);
    expect(ENTRIES.map((e) => madeBy(out, e))).toEqual(['new', 'new', 'old', 'old']);
    expect(existsSync(staging)).toBe(false);
  });

  // an entry the file system will not let go of (chattr +i; on some systems a file open in another program)
  const chattr = (flag: '+i' | '-i', path: string) => spawnSync('chattr', [flag, path]).status === 0;
  const canPin = (() => {
    const d = tempDir('chattr');
    mkdirSync(join(d, 'x'));
    const ok = chattr('+i', join(d, 'x'));
    if (ok) chattr('-i', join(d, 'x'));
    return ok;
  })();

  it.skipIf(!canPin)('publish() that cannot replace an entry puts back those it moved: the out folder keeps the last build whole (the thirteenth attack: a new warehouse beside the old data/)', () => {
    const out = tempDir('publish-pinned');
    published(out, 'old', ENTRIES);
    const staging = join(out, '.staging-4194308');
    mkdirSync(staging);
    published(staging, 'new', ENTRIES);
    expect(chattr('+i', join(out, 'data'))).toBe(true);
    try {
      let thrown: unknown;
      try {
        publish(staging, out, ENTRIES);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(UserError);
      expect((thrown as UserError).message).toBe(`发布结果时无法替换输出目录“${out}”中的“data”（没有写入权限）。输出目录中仍是上一次构建的结果，未被改动。请检查该文件夹及其中文件的权限，关闭打开其中文件的程序后重新运行`);
      expect(ENTRIES.map((e) => madeBy(out, e))).toEqual(['old', 'old', 'old', 'old']);
      // and nothing says a publish is under way: the next build does not finish this one
      expect(existsSync(join(staging, '.publishing.json'))).toBe(false);
    } finally {
      chattr('-i', join(out, 'data'));
    }
  });

  it('is finished by the next build, which says so and builds anew (no record says the out folder is what a build made once it began to publish)', async () => {
    const out = tempDir('record');
    expect((await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log: memoryLogger() })).exitCode).toBe(0);
    expect(readBuildRecord(out)).not.toBeNull();
    // A build of the same inputs killed after its first entry moved: the record is gone, and the
    // next build finishes that publish and builds again rather than say nothing changed.
    const staging = join(out, '.staging-4194308');
    mkdirSync(join(staging, 'data'), { recursive: true });
    writeFileSync(join(staging, '.publishing.json'), JSON.stringify({ entries: ['warehouse.duckdb', 'data'] }));
    rmSync(cachePlaces(out).build);
    const log = memoryLogger();
    const next = await build({ input, out, acceptRejects: false, pdf: false, dataOnly: true, log });
    expect(next.exitCode).toBe(0);
    expect(next.unchanged).toBeFalsy();
    expect(log.lines.join('\n')).toContain('上一次构建在发布结果时被中断');
    expect(existsSync(join(out, 'data', 'manifest.json'))).toBe(true);
  }, 120_000);
});

describe('manifest.json hashes inputs by streaming (issue 11 case 13)', () => {
  it('publishes with --accept-rejects beside a junk file over 2 GiB, hashing it without reading it whole', async () => {
    const bad = await sample({ years: [2020, 2021] });
    const junk = join(bad, '2021', '垃圾.xlsx');
    writeFileSync(junk, '');
    truncateSync(junk, 2.25 * 1024 ** 3); // sparse: 2.25 GiB of zeros without using the disk (readFileSync stops at 2 GiB)
    const out = tempDir('junk');
    const run = await runCli(['build', '--input', bad, '--out', out, '--data-only', '--accept-rejects']);
    expect({ code: run.code, internal: run.stderr.includes('内部错误') }).toEqual({ code: 0, internal: false });
    const manifest = JSON.parse(readFileSync(join(out, 'data', 'manifest.json'), 'utf8')) as { inputs: { file: string; sha256: string }[] };
    // SHA-256 of 2.25 GiB of zeros (`head -c 2415919104 /dev/zero | sha256sum`).
    expect(manifest.inputs.find((i) => i.file === '2021/垃圾.xlsx')?.sha256).toBe('0e5acb6dfe745bb3aac4fe5526a9766684008bc934d83335760da59ed5ddd4ff');
    const rejects = readFileSync(join(out, 'data', 'rejects.csv'), 'utf8');
    expect(rejects).toContain('2021/垃圾.xlsx');
  }, 180_000);
});
