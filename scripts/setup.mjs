// Installs what the project needs on a fresh machine, saying what it does:
// npm dependencies (npm ci) and, where asked, Debian packages (chromium, LibreOffice, poppler).
// Plain Node on purpose: it runs before node_modules exists.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

const say = (m) => process.stderr.write(`[setup] ${m}\n`);

function run(cmd, args, opts = {}) {
  say(`$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} 失败（退出码 ${r.status}）`);
}

/**
 * Whether node_modules holds the versions package-lock.json asks for, as npm's own record of
 * what it installed (`node_modules/.package-lock.json`) says. By content, not by file times:
 * a fresh clone's lock file is newer than any install. Optional packages of other platforms
 * are not installed, and need not be.
 */
export function modulesMatchLock(root = ROOT) {
  try {
    const want = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')).packages ?? {};
    const have = JSON.parse(readFileSync(join(root, 'node_modules', '.package-lock.json'), 'utf8')).packages ?? {};
    return Object.entries(want).every(([path, p]) => path === '' || have[path]?.version === p.version || (p.optional && !have[path]));
  } catch {
    return false;
  }
}

/**
 * `npm ci` when node_modules is missing or does not match package-lock.json. A node_modules
 * that is a link (a second checkout sharing the first one's) is never replaced: `npm ci`
 * would empty the folder it points to.
 */
export function ensureNodeModules() {
  if (modulesMatchLock()) return;
  const modules = join(ROOT, 'node_modules');
  if (existsSync(modules) && lstatSync(modules).isSymbolicLink()) {
    say(`node_modules 是指向 ${realpathSync(modules)} 的链接，其中的依赖与 package-lock.json 不符；请在那里运行 npm ci（这里不替换链接指向的文件夹）`);
    process.exit(1);
  }
  say('安装 npm 依赖（npm ci）…');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

function which(bin) {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '';
}

/** A Chinese font known to fontconfig (`fc-list` itself comes with chromium's fontconfig). */
function chineseFontInstalled() {
  const r = spawnSync('sh', ['-c', 'fc-list :lang=zh family'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim() !== '';
}

/** Debian packages by the command (or, for a font, the check) that shows them installed. */
const PACKAGES = {
  chromium: { bin: ['chromium', 'chromium-browser'], pkg: 'chromium', why: '打印 PDF（没有 headless shell 时）、网站在浏览器中的测试' },
  // Prints the PDFs about a third faster than chromium, to the same pages (pipeline/report/chromium.ts).
  'chromium-headless-shell': { bin: ['chromium-headless-shell'], pkg: 'chromium-headless-shell', why: '打印 PDF（比 chromium 快约三分之一）' },
  libreoffice: { bin: ['libreoffice', 'soffice'], pkg: 'libreoffice-calc-nogui', why: '检查模板能否在 LibreOffice 中打开' },
  pdftoppm: { bin: ['pdftoppm'], pkg: 'poppler-utils', why: '把 PDF 页面渲染成图片' },
  'chinese-font': {
    present: chineseFontInstalled,
    pkg: 'fonts-noto-cjk',
    why: '中文系统字体：有它时网站不下载网页字体（测试按办公电脑的情形检查），PDF 测试里测试字体之外的字回退到它',
  },
};

const installed = (name) => (PACKAGES[name].present ? PACKAGES[name].present() : PACKAGES[name].bin.some((b) => which(b)));

/**
 * Make sure the given tools exist; install the missing ones with apt-get when running
 * as root on Debian, otherwise explain how. Returns false when something is still missing.
 */
export function ensureSystemTools(names) {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) names = names.filter((n) => !n.startsWith('chromium'));
  const missing = names.filter((n) => !installed(n));
  if (missing.length === 0) return true;
  const pkgs = missing.map((n) => PACKAGES[n].pkg);
  for (const n of missing) say(`缺少 ${n}（${PACKAGES[n].why}），需要 Debian 软件包 ${PACKAGES[n].pkg}`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    say(`安装 ${pkgs.join(' ')}（apt-get，约需 1—3 分钟）…`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    run('apt-get', ['update', '-qq'], { env });
    run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], { env });
    return names.every(installed);
  }
  say(`请先安装：sudo apt-get install ${pkgs.join(' ')}（或设置 CHROMIUM_PATH 指向 Chromium）`);
  return false;
}

export function nodeBin(name) {
  return join(ROOT, 'node_modules', '.bin', name);
}

export function gitAvailable() {
  try {
    execFileSync('git', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
