// Measuring one command for `npm run bench`: wall time in a fresh process, its stderr lines
// with the time each arrived (the build's log, so stages can be timed from outside), and
// the memory of its whole process tree (Node and the Chromium it starts) sampled from /proc.
import { spawn } from 'node:child_process';
import { createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Every process below `pid` (children of all its threads, recursively). */
export function descendants(pid) {
  const out = [];
  const visit = (p) => {
    let tasks;
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      return; // gone
    }
    for (const t of tasks) {
      let children = '';
      try {
        children = readFileSync(`/proc/${p}/task/${t}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of children.split(' ').filter(Boolean).map(Number)) {
        out.push(c);
        visit(c);
      }
    }
  };
  visit(pid);
  return out;
}

const PAGE = 4096;

/** Resident set size of one process in bytes, from /proc/PID/statm (cheap; 0 when it is gone). */
export function rssOf(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * PAGE;
  } catch {
    return 0;
  }
}

/**
 * Proportional set size of one process in bytes (its shared pages divided among the processes
 * sharing them), from /proc/PID/smaps_rollup: costly (up to a few hundred ms for a process
 * with a large address space), so read only near a peak.
 */
export function pssOf(pid) {
  try {
    return Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return rssOf(pid);
  }
}

/**
 * Run `process.execPath args…` and measure it. `onLine(text, ms)` sees each stderr line as it
 * arrives; all lines are also written to `logFile` with their time since the start.
 * Resolves with { code, wallMs, lines: [{ ms, text }], memory }, where memory holds the peaks
 * of the sampled sums over the process tree (`treeRss` counts shared pages once per process;
 * `treePss` is Node's RSS plus its descendants' PSS, read near the RSS peaks, at most every
 * 2 s) and of the root process alone, and the most processes seen
 * (`sampleMs: 0`: no sampling, the memory figures stay 0).
 */
export function measure(args, { cwd, logFile, onLine = () => {}, sampleMs = 200 } = {}) {
  return new Promise((resolvePromise, reject) => {
    const log = logFile ? createWriteStream(logFile) : null;
    const lines = [];
    const memory = { treeRss: 0, treePss: 0, rootRss: 0, childrenPss: 0, processes: 0, samples: 0, samplingMs: 0 };
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let lastPss = -Infinity;
    let children = [];
    let listed = -Infinity;
    const sample = () => {
      if (!child.pid) return;
      const s0 = performance.now();
      // Listing the tree reads a file per thread: once a second is enough (processes come and go slowly).
      if (s0 - listed >= 1000) {
        children = descendants(child.pid);
        listed = s0;
      }
      const rootRss = rssOf(child.pid);
      let rss = rootRss;
      for (const pid of children) rss += rssOf(pid);
      memory.samples++;
      memory.processes = Math.max(memory.processes, 1 + children.length);
      memory.rootRss = Math.max(memory.rootRss, rootRss);
      const near = rss >= 0.95 * memory.treeRss;
      memory.treeRss = Math.max(memory.treeRss, rss);
      // Near a new peak (at most every 2 s): the children's PSS, which counts Chromium's
      // shared pages once; Node's own pages are private enough that its RSS stands for its PSS.
      const now = performance.now();
      if (children.length > 0 && near && now - lastPss >= 2000) {
        lastPss = now;
        let childrenPss = 0;
        for (const pid of children) childrenPss += pssOf(pid);
        if (rootRss + childrenPss > memory.treePss) {
          memory.treePss = rootRss + childrenPss;
          memory.childrenPss = childrenPss;
        }
      }
      memory.treePss = Math.max(memory.treePss, rootRss); // no children: the tree is Node
      memory.samplingMs += performance.now() - s0; // what the sampling itself cost
    };
    const timer = sampleMs > 0 ? setInterval(sample, sampleMs) : undefined;
    let pending = '';
    const take = (chunk, flush = false) => {
      pending += chunk;
      const parts = pending.split('\n');
      pending = flush ? '' : parts.pop();
      for (const text of parts) {
        if (text === '' && flush) continue;
        const ms = performance.now() - t0;
        lines.push({ ms, text });
        log?.write(`${(ms / 1000).toFixed(2).padStart(8)} ${text}\n`);
        onLine(text, ms);
      }
    };
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c) => take(c));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (c) => take(c));
    child.on('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
    let wallMs = 0;
    child.on('exit', () => {
      wallMs = performance.now() - t0; // the process is gone; its pipes may still hold lines
      clearInterval(timer);
    });
    child.on('close', (code, signal) => {
      clearInterval(timer);
      wallMs ||= performance.now() - t0;
      take('', true);
      log?.end();
      resolvePromise({ code: code ?? (signal ? 128 : 1), signal, wallMs, lines, memory });
    });
  });
}

/** Every file under `dir` (skipping the relative paths `skip` says) with its mtime, size and inode. */
export function snapshot(dir, skip = () => false) {
  const files = new Map();
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const rel = relative(dir, path);
      if (skip(rel)) continue;
      const st = statSync(path);
      if (st.isDirectory()) walk(path);
      else files.set(rel, { mtimeMs: st.mtimeMs, size: st.size, ino: st.ino });
    }
  };
  walk(dir);
  return files;
}

/** Files that were added, removed, or rewritten (another mtime, size or inode) between two snapshots. */
export function compare(before, after) {
  const changed = [];
  const added = [];
  const removed = [];
  for (const [rel, a] of after) {
    const b = before.get(rel);
    if (!b) added.push(rel);
    else if (a.mtimeMs !== b.mtimeMs || a.size !== b.size || a.ino !== b.ino) changed.push(rel);
  }
  for (const rel of before.keys()) if (!after.has(rel)) removed.push(rel);
  return { files: after.size, changed, added, removed, rewritten: changed.length + added.length + removed.length };
}

/** Pages of a PDF as Chromium writes them (uncompressed page objects), without parsing it. */
export function pdfPages(file) {
  return (readFileSync(file).toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length;
}

/** Every file under `dir` whose name ends with `ext`, sorted. */
export function filesUnder(dir, ext) {
  const out = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(ext)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
