// `npm test`: installs what the tests need, type-checks, runs vitest, and ends with the
// line `N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, ensureNodeModules, ensureSystemTools, nodeBin } from './setup.mjs';

ensureNodeModules();
// LibreOffice is not installed here (≈300 MB): the one test that needs it is skipped
// without it, and .ci/run installs it and requires it.
if (!ensureSystemTools(['chromium', 'chromium-headless-shell', 'pdftoppm', 'chinese-font'])) {
  process.stderr.write('[test] 缺少系统依赖，依赖它们的测试将失败。\n');
}

process.stderr.write('[test] 类型检查（tsc --noEmit）…\n');
const tsc = spawnSync(nodeBin('tsc'), ['--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
let typeFailed = tsc.status !== 0 ? 1 : 0;
if (typeFailed) process.stderr.write('[test] 类型检查失败。\n');

const report = join(ROOT, '.vitest-report.json');
rmSync(report, { force: true });
const args = ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)];
// A full run makes its build fixtures in the background from the start (tests/support/global-setup.ts).
const full = process.argv.length <= 2;
const vitest = spawnSync(nodeBin('vitest'), args, {
  cwd: ROOT, stdio: 'inherit', env: { ...process.env, TZ: 'Asia/Shanghai', ...(full ? { PLANEVAL_PREBUILD: '1' } : {}) },
});

let passed = 0;
let failed = typeFailed;
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  // A test file that fails before running its tests (an import error) counts as one failure.
  for (const file of r.testResults ?? []) {
    const anyFailed = (file.assertionResults ?? []).some((a) => a.status === 'failed');
    if (file.status === 'failed' && !anyFailed) failed += 1;
  }
} else {
  failed += 1;
}
if (vitest.status !== 0 && failed === 0) failed = 1;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed > 0 ? 1 : 0);
