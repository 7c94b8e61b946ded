/**
 * The `planeval` command: parses arguments, runs one sub-command, and is the one place
 * where errors become messages and exit codes.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UserError, EXIT } from './basics/errors.ts';
import { outOfMemoryAdvice } from './warehouse/memory.ts';
import { consoleLogger, terminalText } from './basics/log.ts';
import { editDistance, foldWidth } from './basics/text.ts';

interface Command {
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  allowPositionals?: boolean;
  run(values: Record<string, string | boolean | undefined>, positionals: string[]): Promise<number | void>;
}

const COMMANDS: Record<string, Command> = {
  templates: {
    summary: '生成发给各科室的空白填报模板（每个科室一个工作簿）',
    usage: 'planeval templates --year Y --out DIR',
    options: { year: { type: 'string' }, out: { type: 'string' } },
    async run(v) {
      const { runTemplates } = await import('./forms/blank-forms.ts');
      await runTemplates({ year: parseYear(v.year, '--year'), outDir: required(v.out, '--out'), log: consoleLogger });
    },
  },
  sample: {
    summary: '生成逼真的示例填报数据（每年一个文件夹）',
    usage: 'planeval sample --out DIR [--seed N] [--years 2020-2025] [--scale K] [--with-errors]',
    options: {
      out: { type: 'string' },
      seed: { type: 'string' },
      years: { type: 'string' },
      scale: { type: 'string' },
      'with-errors': { type: 'boolean' },
    },
    async run(v) {
      const { runSample } = await import('./sample/sample.ts');
      await runSample({
        outDir: required(v.out, '--out'),
        seed: v.seed === undefined ? 1 : parseInteger(v.seed, '--seed', 0),
        years: parseYears(typeof v.years === 'string' ? v.years : '2020-2025'),
        scale: v.scale === undefined ? 1 : parseInteger(v.scale, '--scale', 1),
        withErrors: v['with-errors'] === true,
        log: consoleLogger,
      });
    },
  },
  build: {
    summary: '完整流程：读取并校验工作簿、建立数据仓库、计算并评价全部指标、写出数据文件',
    usage: 'planeval build [--input data/sample] [--out out] [--accept-rejects] [--no-pdf] [--data-only] [--edition midterm] [--passages DIR] [--published YYYY-MM-DD] [--force] [--plan ID] [--stats-json FILE]',
    options: {
      input: { type: 'string' }, out: { type: 'string' }, 'accept-rejects': { type: 'boolean' }, 'no-pdf': { type: 'boolean' },
      plan: { type: 'string' }, 'stats-json': { type: 'string' }, 'data-only': { type: 'boolean' }, edition: { type: 'string' },
      passages: { type: 'string' }, published: { type: 'string' }, force: { type: 'boolean' },
    },
    async run(v) {
      const { build } = await import('./build.ts');
      if (v.edition !== undefined && v.edition !== 'midterm') throw new UserError(`--edition 只能是 midterm（把规划期中间一年的报告写成中期评估），实为“${String(v.edition)}”`, EXIT.usage);
      // said before the build, not after it has published (the fourth workbook attack)
      const statsJson = writableFile(v['stats-json'], '--stats-json');
      const passagesDir = existingFolder(v.passages, '--passages');
      const stopOnSignal = interruptible();
      const result = await build({
        input: typeof v.input === 'string' ? v.input : 'data/sample',
        out: typeof v.out === 'string' ? v.out : 'out',
        acceptRejects: v['accept-rejects'] === true,
        pdf: v['no-pdf'] !== true,
        dataOnly: v['data-only'] === true,
        edition: v.edition === 'midterm' ? 'midterm' : undefined,
        planId: typeof v.plan === 'string' ? v.plan : undefined,
        passagesDir,
        force: v.force === true,
        published: v.published === undefined ? undefined : parseDate(v.published, '--published'),
        log: consoleLogger,
      });
      stopOnSignal();
      if (statsJson !== undefined) {
        // Numbers for `npm run bench`: stage times, rows, peak memory of this process (not of
        // the Chromium it starts), and what an incremental build re-made or reused.
        const { writeFileSync } = await import('node:fs');
        const d = result.data;
        const r = result.reports;
        const stats = {
          stageMs: result.stageMs, rowsRead: d?.rowsRead, rowsLoaded: d?.rowsLoaded, rowsRejected: d?.rowsRejected, values: result.values?.length,
          maxRssBytes: process.resourceUsage().maxRSS * 1024,
          unchanged: result.unchanged ?? false,
          made: result.made ?? null,
          reports: r ? { html: r.html.length, pdfs: r.pdfs.length, printed: r.printed, reused: r.reused } : null,
        };
        writeFileSync(statsJson, JSON.stringify(stats, null, 2) + '\n');
      }
      return result.exitCode;
    },
  },
  check: {
    summary: '只校验输入的工作簿（不建库、不发布），信息和退出码与 build 相同',
    usage: 'planeval check --input DIR|FILE.xlsx [--passages DIR] [--plan ID]',
    options: { input: { type: 'string' }, plan: { type: 'string' }, passages: { type: 'string' } },
    async run(v) {
      const { check } = await import('./build.ts');
      return check({
        input: required(v.input, '--input'),
        planId: typeof v.plan === 'string' ? v.plan : undefined,
        passagesDir: existingFolder(v.passages, '--passages'),
        log: consoleLogger,
      });
    },
  },
  serve: {
    summary: '在本机预览网站（http://127.0.0.1）；加 --watch 时工作簿修改后自动重新生成并刷新页面',
    usage: 'planeval serve [--out out] [--port 8080] [--watch] [--input data/sample] [--accept-rejects] [--pdf] [--passages DIR] [--plan ID]',
    options: {
      out: { type: 'string' }, port: { type: 'string' }, watch: { type: 'boolean' }, input: { type: 'string' },
      'accept-rejects': { type: 'boolean' }, pdf: { type: 'boolean' }, plan: { type: 'string' }, passages: { type: 'string' },
    },
    async run(v) {
      const { runServe } = await import('./serve.ts');
      const port = v.port === undefined ? 8080 : parseInteger(v.port, '--port', 0);
      if (port > 65535) throw new UserError(`--port 应在 0—65535 之间，实为“${asciiValue(String(v.port))}”`, EXIT.usage);
      if (v.watch !== true && (v.input !== undefined || v['accept-rejects'] || v.pdf || v.plan !== undefined || v.passages !== undefined)) {
        throw new UserError('--input、--accept-rejects、--pdf、--passages、--plan 只在 --watch 时有用', EXIT.usage);
      }
      const passagesDir = existingFolder(v.passages, '--passages');
      return runServe({
        out: typeof v.out === 'string' ? v.out : 'out',
        port,
        watch: v.watch === true
          ? {
              input: typeof v.input === 'string' ? v.input : 'data/sample',
              acceptRejects: v['accept-rejects'] === true,
              pdf: v.pdf === true,
              planId: typeof v.plan === 'string' ? v.plan : undefined,
              passagesDir,
            }
          : undefined,
        log: consoleLogger,
      });
    },
  },
  sql: {
    summary: '用 SQL 查询数据仓库（只读）；不带语句时进入交互式提示符',
    usage: 'planeval sql ["select …"] [--db out/warehouse.duckdb] [--csv | --json]',
    options: { db: { type: 'string' }, csv: { type: 'boolean' }, json: { type: 'boolean' } },
    allowPositionals: true,
    async run(v, positionals) {
      const { runSql } = await import('./warehouse/query.ts');
      if (positionals.length > 1) throw new UserError('SQL 语句请用引号括成一个参数', EXIT.usage);
      return runSql({
        database: typeof v.db === 'string' ? v.db : 'out/warehouse.duckdb',
        sql: positionals[0],
        format: v.csv ? 'csv' : v.json ? 'json' : 'table',
      });
    },
  },
  explain: {
    summary: '说明一个指标值从哪些填报行算出：口径、分子分母及其来源行、被拒绝或缺少的数据、进度评价的计算',
    usage: 'planeval explain 指标序号 --year Y [--town 镇街] [--rows] [--db out/warehouse.duckdb]',
    options: { year: { type: 'string' }, town: { type: 'string' }, rows: { type: 'boolean' }, db: { type: 'string' } },
    allowPositionals: true,
    async run(v, positionals) {
      const { runExplain } = await import('./evaluate/explain.ts');
      if (positionals.length !== 1) throw new UserError('请写一个指标序号，如 planeval explain 3 --year 2024', EXIT.usage);
      return runExplain({
        database: typeof v.db === 'string' ? v.db : 'out/warehouse.duckdb',
        indicator: positionals[0]!,
        year: parseYear(v.year, '--year'),
        town: typeof v.town === 'string' ? v.town : undefined,
        rows: v.rows === true,
      });
    },
  },
};

/**
 * What node's parseArgs said of the arguments, in Chinese (it says it in English): the
 * option or argument it named, and what to write instead.
 */
export function argumentMessage(e: unknown, options: Command['options']): string {
  const { code, message } = e as { code?: string; message?: string };
  const text = String(message ?? e);
  const named = /'([^']*)'/.exec(text)?.[1] ?? '';
  const flag = named.split(' ')[0]!;
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const near = nearestOption(flag, Object.keys(options));
      const shown = terminalText(flag);
      if (near) return `没有选项“${shown}”，是不是要写 --${near}？`;
      return `没有选项“${shown}”${/^-[^-]/.test(flag) ? '（选项都写全名，以两个短横线开头，如 --input）' : ''}`;
    }
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const input = 'input' in options && !flag.startsWith('-') ? `；如果这是输入目录，请写成 --input ${terminalText(flag)}` : '';
      return `多余的参数“${terminalText(flag)}”：这个命令只接受以 -- 开头的选项${input}`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(text)) return `选项 ${flag} 不带值，只写 ${flag}`;
      if (/ambiguous/.test(text)) return `选项 ${flag} 后面缺少值（紧跟着的是另一个选项）；如果值本身以短横线开头，请写成 ${flag}=值`;
      return `选项 ${flag} 后面缺少值，请写成 ${flag} 值`;
    default:
      return text;
  }
}

/**
 * An option given twice with different values (`--year 2023 --year 2024`): which one was
 * meant cannot be known, and taking the last silently builds something nobody asked for.
 * The same value twice, or a switch twice, is harmless.
 */
export function repeatedOption(tokens: readonly { kind: string; name?: string; value?: string }[] = []): string | undefined {
  const seen = new Map<string, string | undefined>();
  for (const t of tokens) {
    if (t.kind !== 'option' || t.name === undefined) continue;
    if (seen.has(t.name) && seen.get(t.name) !== t.value) {
      return `选项 --${t.name} 写了两次（“${terminalText(String(seen.get(t.name)))}”和“${terminalText(String(t.value))}”），只能写一次`;
    }
    seen.set(t.name, t.value);
  }
  return undefined;
}

/**
 * Ctrl-C (SIGINT) or SIGTERM during a build: said, and the process ends with 128 + the
 * signal's number. The signal is handled between two steps, so a publish under way (its
 * renames run in one go: publish.ts) finishes first, and the out folder holds one build's
 * outputs whole; what the build left in its staging folder is swept by the next build. Returns
 * the function that stops listening. Without it the process ended at once, silently, and could
 * stop between two renames of the publish (the eighth attack).
 */
function interruptible(): () => void {
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(`\n已中断（${signal === 'SIGINT' ? 'Ctrl-C' : signal}）：输出目录中仍是上一次完整发布的结果；本次留下的临时文件由下一次构建清理。\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

/** An option given an empty value (`--plan ''`, `--out=`): said, rather than taken for the default. */
export function emptyOption(tokens: readonly { kind: string; name?: string; value?: string }[] = []): string | undefined {
  const t = tokens.find((x) => x.kind === 'option' && x.name !== undefined && typeof x.value === 'string' && x.value.trim() === '');
  return t ? `选项 --${t.name} 的值是空的，请写成 --${t.name} 值` : undefined;
}

/** The option closest to a mistyped one (a letter or two off, or cut short), if any. */
function nearestOption(flag: string, names: readonly string[]): string | undefined {
  const typed = flag.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  if (typed === '') return undefined;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = name.startsWith(typed) && typed.length >= 2 ? 0.5 : editDistance(typed, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  const allowed = typed.length >= 5 ? 2 : typed.length >= 3 ? 1 : 0;
  return bestDistance <= allowed || bestDistance === 0.5 ? best : undefined;
}

/** A folder the user named (--passages): there and a folder, else said before any work starts. */
function existingFolder(v: string | boolean | undefined, flag: string): string | undefined {
  if (typeof v !== 'string') return undefined;
  let isDir: boolean;
  try {
    isDir = statSync(v).isDirectory();
  } catch {
    throw new UserError(`${flag} 指定的文件夹“${v}”不存在`, EXIT.usage);
  }
  if (!isDir) throw new UserError(`${flag} 应指定一个文件夹，“${v}”是文件`, EXIT.usage);
  return v;
}

/** A file to be written at the end (--stats-json): its folder there and the path no folder, checked before the build. */
function writableFile(v: string | boolean | undefined, flag: string): string | undefined {
  if (typeof v !== 'string') return undefined;
  if (v === '') throw new UserError(`${flag} 后面缺少文件名`, EXIT.usage);
  const folder = dirname(v);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new UserError(`${flag} 指定的文件“${v}”所在的文件夹不存在`, EXIT.usage);
  if (existsSync(v) && statSync(v).isDirectory()) throw new UserError(`${flag} 应指定一个文件，“${v}”是文件夹`, EXIT.usage);
  return v;
}

function required(v: string | boolean | undefined, flag: string): string {
  if (typeof v !== 'string' || v === '') throw new UserError(`缺少参数 ${flag}`, EXIT.usage);
  return v;
}

/**
 * A value typed with a Chinese input method on: full-width digits and dashes (２０２３,
 * ２０２０－２０２５) read as their ASCII forms, surrounding spaces dropped.
 */
function asciiValue<T extends string | boolean | undefined>(v: T): T {
  return (typeof v === 'string' ? foldWidth(v).trim() : v) as T;
}

function parseInteger(raw: string | boolean | undefined, flag: string, min: number): number {
  const v = asciiValue(raw);
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min) throw new UserError(`${flag} 应为不小于 ${min} 的整数，实为“${String(v)}”`, EXIT.usage);
  return n;
}

function parseYear(v: string | boolean | undefined, flag: string): number {
  const s = asciiValue(required(v, flag));
  if (!/^\d{4}$/.test(s)) throw new UserError(`${flag} 应为四位年份，实为“${s}”`, EXIT.usage);
  return Number(s);
}

/** A calendar date written YYYY-MM-DD (the site's publication date). */
function parseDate(v: string | boolean | undefined, flag: string): string {
  const s = asciiValue(required(v, flag));
  const d = new Date(`${s}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s) {
    throw new UserError(`${flag} 应为日期，写作 2026-03-01，实为“${s}”`, EXIT.usage);
  }
  return s;
}

export function parseYears(raw: string): number[] {
  const s = asciiValue(raw);
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(s);
  if (!m) throw new UserError(`--years 应写作 2020-2025 或 2023，实为“${s}”`, EXIT.usage);
  const from = Number(m[1]);
  const to = Number(m[2] ?? m[1]);
  if (to < from) throw new UserError(`--years 起止颠倒：“${s}”`, EXIT.usage);
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The help; the plans are listed from `data/plan/`, so the title names none (a new plan is a new folder). */
async function help(): Promise<string> {
  const lines = ['planeval — 规划实施评估：读取各科室填报的工作簿，计算并评价规划指标，生成评估报告、网站和数据文件', '', '用法：planeval <命令> [选项]', '', '命令：'];
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${c.summary}`, `  ${''.padEnd(10)} ${c.usage}`);
  const { planSummaries } = await import('./plan/plan.ts');
  const plans = planSummaries();
  if (plans.length > 0) {
    lines.push('', '规划（--plan ID；不指定时用规划期最晚的一个）：');
    for (const p of plans) lines.push(`  ${p.id}  ${[p.title, p.period].filter(Boolean).join('，')}`);
  }
  lines.push('', '通用选项：--help 显示帮助；--debug 出错时显示调用栈', '', '退出码：0 成功；1 内部错误或内存不足；2 输入数据有被拒绝的行或文件；64 命令行参数错误；78 配置（规划、地理编码）错误；130、143 被 Ctrl-C 或 SIGTERM 中断');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const args = argv.filter((a) => a !== '--debug');
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write((await help()) + '\n');
    return name ? EXIT.ok : EXIT.usage;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UserError(`未知命令“${name}”。可用命令：${Object.keys(COMMANDS).join('、')}`, EXIT.usage);
    if (rest.includes('--help') || rest.includes('-h')) {
      process.stdout.write(`${command.summary}\n用法：${command.usage}\n`);
      return EXIT.ok;
    }
    let parsed;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: command.allowPositionals ?? false, strict: true, tokens: true });
    } catch (e) {
      throw new UserError(`${argumentMessage(e, command.options)}\n用法：${command.usage}`, EXIT.usage);
    }
    const wrong = repeatedOption(parsed.tokens) ?? emptyOption(parsed.tokens);
    if (wrong) throw new UserError(`${wrong}\n用法：${command.usage}`, EXIT.usage);
    const code = await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
    return code ?? EXIT.ok;
  } catch (e) {
    // Line by line: a message may hold lines (the usage), a path may hold control characters
    const message = ((e as Error)?.message ?? String(e)).split('\n').map(terminalText).join('\n');
    // Out of memory is no bug: said in Chinese first, with the setting that helps, DuckDB's words after
    const advice = outOfMemoryAdvice(message, command && name);
    if (advice) {
      // DuckDB's first line only: the rest suggests SET statements nobody here can run
      process.stderr.write(`错误：${advice}\n（DuckDB 的原话：${message.split('\n')[0]}）\n`);
      if (debug && (e as Error)?.stack) process.stderr.write(`${(e as Error).stack}\n`);
      return EXIT.failure;
    }
    process.stderr.write(e instanceof UserError ? `错误：${message}\n` : `内部错误：${message}\n`);
    if (e instanceof UserError) {
      if (debug && e.stack) process.stderr.write(e.stack + '\n');
      return e.exitCode;
    }
    process.stderr.write(debug ? `${(e as Error)?.stack ?? ''}\n` : '（加 --debug 查看调用栈）\n');
    return EXIT.failure;
  }
}
