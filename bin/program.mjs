/**
 * The program the `planeval` command runs: pipeline/cli.ts compiled with esbuild into one
 * bundle (its commands' modules split into chunks loaded when a command needs them), kept in
 * node_modules/.cache/planeval/program/ under the digest of what it is made from, and made again, in
 * ≈ 0.3 s, when a source changes. Loading the TypeScript sources through tsx instead took
 * 0.33 s for `planeval --help` against 0.11 s, and a rebuild after one corrected workbook
 * reached the site ≈ 0.7 s later (four interleaved pairs of the sample's rebuild).
 *
 * Each module's `import.meta.url` is written into the bundle as the URL of its source file, so
 * that paths the program finds from it (basics/paths.ts, the reading worker's sources) are
 * those of the sources, as under tsx. Packages stay outside the bundle and are found in the
 * project's node_modules. When the bundle cannot be made or kept (no esbuild, a cache that
 * cannot be written), the sources run through tsx as before; PLANEVAL_SOURCES=1 asks for that.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** `import.meta.url` as an expression (not inside a string such as esbuild's `define` key). */
const META_URL = /(?<![\w$.'"`])import\.meta\.url(?![\w$'"`])/g;

/** A bundle of other sources is removed when it was not used for this long (a day). */
const STALE_MS = 24 * 60 * 60 * 1000;

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url)).replace(/[\\/]$/, '');

/** The files under `dir` (relative, `/`-separated, sorted). */
function filesUnder(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * The digest the bundle is kept under: the sources (paths and contents), tsconfig.json, the
 * esbuild version, this file (how the bundle is made) and the project's folder (the source
 * URLs the bundle holds).
 */
export function bundleKey(root = PROJECT_ROOT) {
  root = resolve(root);
  const h = createHash('sha256');
  const esbuild = JSON.parse(readFileSync(createRequire(join(root, 'package.json')).resolve('esbuild/package.json'), 'utf8')).version;
  h.update(readFileSync(fileURLToPath(import.meta.url)));
  h.update(`\0${esbuild}\0${root}\0`);
  const tsconfig = join(root, 'tsconfig.json');
  if (existsSync(tsconfig)) h.update(readFileSync(tsconfig));
  const sources = join(root, 'pipeline');
  for (const f of filesUnder(sources)) {
    const bytes = readFileSync(join(sources, f));
    h.update(`\0${f}\0${bytes.length}\0`);
    h.update(bytes);
  }
  return h.digest('hex').slice(0, 32);
}

/** Make the bundle of `root`'s pipeline/cli.ts into `dir` (its entry: `dir`/cli.js). */
async function makeBundle(root, dir) {
  const require = createRequire(join(root, 'package.json'));
  const esbuild = await import(pathToFileURL(require.resolve('esbuild')).href);
  const sources = join(root, 'pipeline') + sep;
  await esbuild.build({
    entryPoints: [join(root, 'pipeline', 'cli.ts')],
    outdir: dir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    // as tsx does: a function's name is the one written in the source
    keepNames: true,
    sourcemap: true,
    logLevel: 'silent',
    plugins: [
      {
        name: 'source-urls',
        setup(b) {
          b.onLoad({ filter: /\.[cm]?ts$/ }, (args) => {
            if (!args.path.startsWith(sources)) return undefined;
            const text = readFileSync(args.path, 'utf8');
            return { contents: text.replace(META_URL, JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
          });
        },
      },
    ],
  });
  // The maps name their sources relative to the bundle; Node resolves them from the bundle's real
  // path, which is elsewhere when node_modules is a link (a worktree's): named by URL instead.
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.map'))) {
    const file = join(dir, name);
    const map = JSON.parse(readFileSync(file, 'utf8'));
    map.sources = map.sources.map((s) => pathToFileURL(resolve(dir, s)).href);
    writeFileSync(file, JSON.stringify(map));
  }
  writeManifest(dir);
}

/** The list of a bundle's files with their digests, written last into the bundle's folder. */
const MANIFEST = 'manifest.json';

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Write the manifest of the bundle in `dir`: each of its scripts' SHA-256 (the maps are not run). */
function writeManifest(dir) {
  const files = Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.js')).sort().map((n) => [n, sha256(readFileSync(join(dir, n)))]));
  writeFileSync(join(dir, MANIFEST), JSON.stringify({ files }, null, 1) + '\n');
}

/**
 * Whether the bundle in `dir` still has the scripts it was made with (≈ 1.5 MB hashed, a few
 * milliseconds): a chunk changed since would otherwise fail, or do something else, only when
 * a command loads it.
 */
function intact(dir) {
  try {
    const { files } = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8'));
    const names = Object.keys(files);
    return names.includes('cli.js') && names.every((n) => !n.includes('/') && !n.includes('\\') && sha256(readFileSync(join(dir, n))) === files[n]);
  } catch {
    return false;
  }
}

/** Marks a bundle as used now (its folder's time), so that it is not removed as stale. */
function used(dir) {
  try {
    const now = new Date();
    utimesSync(dir, now, now);
  } catch {
    // a cache that cannot be written: the bundle is only removed sooner
  }
}

/**
 * The bundle's entry for `root`, made if it is not there yet; undefined when it cannot be made.
 * Made in a folder of its own and renamed into place, so that two commands starting at once
 * do not read each other's half-written files; one whose scripts changed since is made again
 * (its manifest of digests); bundles of other sources unused for a day are removed.
 */
export async function programBundle(root = PROJECT_ROOT, cache = join(root, 'node_modules', '.cache', 'planeval', 'program')) {
  try {
    const key = bundleKey(root);
    const dir = join(cache, key);
    const entry = join(dir, 'cli.js');
    if (existsSync(entry)) {
      if (intact(dir)) {
        used(dir);
        return entry;
      }
      // changed since it was made (a disk's error, a hand that edited it): made again
      rmSync(dir, { recursive: true, force: true });
    }
    mkdirSync(cache, { recursive: true });
    const temp = join(cache, `.${key}-${process.pid}-${Date.now()}`);
    try {
      await makeBundle(root, temp);
      try {
        renameSync(temp, dir);
      } catch (e) {
        if (!existsSync(entry)) throw e; // made meanwhile by another command: that one is used
      }
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
    // Bundles of other sources not used for a day, and folders left by commands that stopped while
    // making one: a command still running from a bundle loads its chunks as it goes.
    for (const name of readdirSync(cache)) {
      const path = join(cache, name);
      if (name !== key && Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { recursive: true, force: true });
    }
    return entry;
  } catch {
    return undefined;
  }
}

/** The program's main(argv): from the bundle, else from the sources through tsx. */
export async function loadProgram(root = PROJECT_ROOT) {
  const entry = process.env.PLANEVAL_SOURCES === '1' ? undefined : await programBundle(root);
  if (entry) return import(pathToFileURL(entry).href);
  const { register } = await import('tsx/esm/api');
  register();
  return import(pathToFileURL(join(root, 'pipeline', 'cli.ts')).href);
}
