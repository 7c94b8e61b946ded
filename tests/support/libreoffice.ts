/**
 * Opening xlsx files in LibreOffice from a test. LibreOffice (≈300 MB) is not installed by
 * `npm test`: without it such a test is skipped, saying so. CI installs it and sets
 * PLANEVAL_REQUIRE_LIBREOFFICE=1, where its absence fails the test.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

const probe = spawnSync('libreoffice', ['--version'], { encoding: 'utf8' });
const hasLibreOffice = !probe.error && probe.status === 0;
const required = process.env.PLANEVAL_REQUIRE_LIBREOFFICE === '1';

/** `it` for a test that needs LibreOffice: skipped (its name says why) where it is missing and not required. */
export function itWithLibreOffice(name: string, fn: () => void, timeout = 180_000): void {
  const run = hasLibreOffice || required;
  const skipped = run ? '' : '（已跳过：本机没有 LibreOffice；安装 libreoffice-calc-nogui 后运行，CI 中必跑）';
  (run ? it : it.skip)(`${name}${skipped}`, () => {
    if (!hasLibreOffice) {
      throw new Error(
        'LibreOffice is required here (PLANEVAL_REQUIRE_LIBREOFFICE=1) but `libreoffice --version` failed ' +
          `(${probe.error?.message ?? `exit ${probe.status}`}). Install it, e.g. apt-get install libreoffice-calc-nogui.`,
      );
    }
    fn();
  }, timeout);
}

/**
 * Convert `files` to CSV in `root/csv`, every sheet to its own `<file>-<sheet>.csv`
 * (LibreOffice ≥ 7.2), with a profile of its own under `root`; returns the folder.
 */
export function convertToCsv(root: string, files: readonly string[]): string {
  const out = join(root, 'csv');
  mkdirSync(out, { recursive: true });
  // Token 12 = -1: every sheet to its own file.
  const filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';
  const run = spawnSync(
    'libreoffice',
    [`-env:UserInstallation=${pathToFileURL(join(root, 'lo-profile')).href}`, '--headless', '--convert-to', filter, '--outdir', out, ...files],
    { encoding: 'utf8', timeout: 170_000 },
  );
  expect(run.error, String(run.error)).toBeUndefined();
  expect(run.status, `libreoffice failed:\n${run.stdout}\n${run.stderr}`).toBe(0);
  return out;
}
