/**
 * The office's own passages (办公室撰写的段落): what the workbooks cannot say — policies
 * issued, named practices, awards, lessons learned — written by the evaluation office in
 * Markdown files under `data/text/passages/`, one per report section and year, kept from
 * year to year. The format is documented in Chinese in that folder's README.md:
 *
 *     data/text/passages/2025/主要成效-养老服务.md
 *                        ^year ^section (names the caller offers, see passage-names.ts)
 *
 * Lines starting with # are notes; every other line is a paragraph (passage-markdown.ts);
 * `{指标3.实际值@2024}` is a computed value (placeholders.ts), filled by a resolver the
 * caller passes (passage-values.ts is the default one over the evaluated values).
 *
 * Two steps, so that a build stops before any work on a bad file and an office never
 * finds an error only in next year's build:
 * - `loadPassages` reads and checks every file of every year: folder and file names,
 *   encoding, sections, placeholders, tables. All errors are collected and thrown as one
 *   ConfigError, each naming the file, line and column.
 * - `renderPassages` fills one year's passages through the resolver and renders them to
 *   safe HTML, per section key. A placeholder without data that year (the resolver says
 *   `missing`) shows MISSING (—) and is returned as a note, not an error: the office
 *   cannot fix the data by editing its text.
 *
 * Pure apart from `loadPassages` reading the folder.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConfigError } from '../basics/errors.ts';
import { INCOMPLETE_MARK, MISSING } from '../basics/format.ts';
import { PROJECT_ROOT, projectPath } from '../basics/paths.ts';
import { foldWidth, removeSpaces } from '../basics/text.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import { matchSection, sectionTitle, type PassageSection } from './passage-names.ts';
import {
  SENTINEL_CHARS, cellsOf, isDelimiterRow, markdownLine, markdownSource, renderMarkdown, sentinel, type RenderedBlock,
} from './passage-markdown.ts';
import { parsePlaceholder, type PlaceholderRequest } from './placeholders.ts';

export type { PassageSection, SectionName } from './passage-names.ts';
export type { PlaceholderField, PlaceholderRequest } from './placeholders.ts';
export type { RenderedBlock } from './passage-markdown.ts';

export const DEFAULT_PASSAGES_DIR = projectPath('data', 'text', 'passages');

/** What the passages are checked against: the caller's plan, towns, years and sections. */
export interface PassageContext {
  plan: Plan;
  geography: Geography;
  /** Years the reports cover; a year folder outside them is an error. Default: the plan period. */
  years?: readonly number[];
  /** The sections the report of `year` offers. */
  sections: (year: number) => readonly PassageSection[];
}

/** A file of the folder: its path inside the folder (`2025/经验与启示.md`, `/`-separated) and content. */
export interface PassageFile {
  path: string;
  content: string | Uint8Array;
}

/** A placeholder where it stands in its file. */
export interface PlaceholderAt {
  /** As typed, braces included: `{指标3.实际值@2024}`. */
  raw: string;
  line: number;
  /** 1-based, in characters. */
  column: number;
  request: PlaceholderRequest;
}

/** A line of a passage other than a note. */
export interface PassageLine {
  line: number;
  /** The line as typed, sentinel characters removed. */
  text: string;
  /** Placeholders of the line with their offsets in `text`. */
  placeholders: Array<PlaceholderAt & { start: number; end: number }>;
}

/** One checked file. */
export interface Passage {
  /** The file as messages name it: `data/text/passages/2025/主要成效-养老服务.md`. */
  file: string;
  year: number;
  section: PassageSection;
  placeholders: readonly PlaceholderAt[];
  /** Lines other than notes, in file order. */
  readonly body: readonly PassageLine[];
}

/** Every checked passage of the folder, all years. */
export interface PassageLibrary {
  /** The folder as messages name it. */
  where: string;
  passages: readonly Passage[];
}

/**
 * What a resolver answers for a placeholder: its text (`incomplete`: made from data marked
 * incomplete, why, for the note to the office; the text is then marked, INCOMPLETE_MARK, and the
 * passage closed by INCOMPLETE_NOTE); that the data have no value (`missing`: why, for the note to the
 * office; `words`: what a sentence says instead, `（2023年缺少数据，无法比较）`, — in a table's
 * cell as in every table of the report); or an error.
 */
export type Resolution = { text: string; incomplete?: string } | { missing: string; words?: string } | { error: string };

/**
 * What follows a figure made from incomplete data, in a sentence or a table's cell, as in the
 * report's tables: the office's `驿站{指标6.实际值}` had printed 1家 bare where the report's own
 * sentences and tables marked the same figure (a workbook's rows left out). Words after each
 * figure (（所用数据不完整）) had nested in the office's own brackets: `（目标140家，未完成（…））`.
 */
export { INCOMPLETE_MARK };
/** The note closing a passage with a marked figure. */
export const INCOMPLETE_NOTE = `注：标“${INCOMPLETE_MARK}”的数值所用数据不完整，仅供参考，见表1注。`;

/** What a sentence says for a placeholder without a value when the resolver gives no words. */
const MISSING_WORDS = '（缺少数据）';

/** Fills placeholders: request → formatted text (with format.ts, as the generated text), or why not. */
export type PlaceholderResolver = (request: PlaceholderRequest) => Resolution;

/** One section's passage of a year, rendered. */
export interface RenderedPassage {
  sectionKey: string;
  file: string;
  year: number;
  /** Paragraphs, lists and tables in file order. */
  blocks: RenderedBlock[];
  /** The blocks' HTML joined by newlines. */
  html: string;
  /** The blocks' text joined by newlines. */
  text: string;
}

export interface RenderedPassages {
  year: number;
  /** Section key → its passage; a section without one is absent (the generated text stands alone). */
  bySection: ReadonlyMap<string, RenderedPassage>;
  /** Placeholders shown as — for want of data, one line each naming file, line and column. */
  notes: string[];
}

// ---- checking ----------------------------------------------------------------------

const YEAR_FOLDER = /^(\d{4})(?:年度?)?$/;
const EXTENSIONS = /\.(?:md|markdown|txt)$/i;
const DOUBLE_EXTENSION = /\.(?:md|markdown)\.txt$/i;

/** Files nobody wrote as a passage: the folder's README, editor and system leftovers. */
function isIgnored(path: string): boolean {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  if (parts.length === 1 && /^(?:readme|说明)(?:\.|$)/i.test(name)) return true;
  return /^[.~]|~$|\.(?:bak|swp|tmp)$|^(?:thumbs\.db|desktop\.ini)$/i.test(name);
}

function decode(content: string | Uint8Array): string | null {
  if (typeof content === 'string') return content.replace(/^\uFEFF/, '');
  try {
    if (content[0] === 0xff && content[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true }).decode(content.subarray(2));
    if (content[0] === 0xfe && content[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true }).decode(content.subarray(2));
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(content);
  } catch {
    return null;
  }
}

/** A note line: starts with # (also full-width ＃) after any spaces. */
function isNote(line: string): boolean {
  return /^[\s\u3000]*[#＃]/.test(line);
}

/** 1-based character (code point) column of UTF-16 offset `i`. */
function columnOf(line: string, i: number): number {
  return Array.from(line.slice(0, i)).length + 1;
}

const BRACE_HINT = '花括号只用于占位符，如 {指标3.实际值}';

/**
 * Check the files of a passages folder against the plan, the geography, the years and the
 * sections. Throws one ConfigError listing every error. `where` is the folder as messages
 * name it.
 */
export function parsePassages(files: readonly PassageFile[], ctx: PassageContext, where = 'data/text/passages'): PassageLibrary {
  const { plan, geography } = ctx;
  const years = ctx.years ?? range(plan.period.start, plan.period.end);
  const yearList = years.length === 1 ? `${years[0]}年` : `${years[0]}—${years[years.length - 1]}年`;
  const errors: string[] = [];
  const err = (file: string, msg: string, line?: number, column?: number): void => {
    const at = line === undefined ? '' : column === undefined ? ` 第 ${line} 行` : ` 第 ${line} 行第 ${column} 列`;
    errors.push(`${where}/${file}${at}：${msg}`);
  };

  const passages: Passage[] = [];
  const badFolders = new Set<string>();
  const seen = new Map<string, string>();
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (isIgnored(f.path)) continue;
    const parts = f.path.split('/');
    const name = parts[parts.length - 1]!;

    // Where the file is: a year folder of the reports' years
    if (parts.length === 1) {
      err(f.path, '段落文件应放在年份文件夹中，如 2025/经验与启示.md');
      continue;
    }
    if (parts.length > 2) {
      err(f.path, `段落文件应直接放在年份文件夹（如 ${parts[0]}/）中，不能再分子文件夹`);
      continue;
    }
    const folder = parts[0]!;
    const ym = YEAR_FOLDER.exec(removeSpaces(foldWidth(folder)));
    const year = ym ? Number(ym[1]) : null;
    if (year === null || !years.includes(year)) {
      if (!badFolders.has(folder)) {
        badFolders.add(folder);
        errors.push(year === null
          ? `${where}/${folder}/：文件夹名“${folder}”不是年份，应为评估年度，如 2025 或 2025年`
          : `${where}/${folder}/：${year}年不是评估报告的年度（${yearList}）`);
      }
      continue;
    }

    // What it is: a text file in UTF-8
    if (!EXTENSIONS.test(name)) {
      err(f.path, '段落文件应为 .md（或 .txt）文本文件；Word 等文档请把文字复制到 .md 文件中');
      continue;
    }
    const text = decode(f.content);
    if (text === null) {
      err(f.path, '文件不是 UTF-8 编码，请用记事本等“另存为”，编码选择 UTF-8 后保存');
      continue;
    }

    // Which section it is for
    const stem = name.replace(DOUBLE_EXTENSION, '').replace(EXTENSIONS, '');
    const match = matchSection(stem, ctx.sections(year), `${year}年报告`);
    if ('error' in match) {
      err(f.path, match.error);
      continue;
    }
    const dupKey = `${year}|${match.section.key}`;
    const first = seen.get(dupKey);
    if (first) {
      err(f.path, `与 ${first} 是同一栏目“${sectionTitle(match.section)}”，每个栏目每年只能有一个文件`);
      continue;
    }
    seen.set(dupKey, f.path);

    // The text: placeholders and tables
    const body = parseBody(text, year, (msg, line, column) => err(f.path, msg, line, column), plan, geography);
    if (body.some((l) => l.text.trim() !== '')) {
      const placeholders = body.flatMap((l) => l.placeholders.map(({ raw, line, column, request }) => ({ raw, line, column, request })));
      passages.push({ file: `${where}/${f.path}`, year, section: match.section, body, placeholders });
    }
  }
  if (errors.length === 1) throw new ConfigError(errors[0]!);
  if (errors.length > 1) throw new ConfigError(`${where} 中的段落文件有 ${errors.length} 处错误：\n${errors.join('\n')}`);
  return { where, passages };
}

function parseBody(
  text: string,
  year: number,
  err: (msg: string, line: number, column?: number) => void,
  plan: Plan,
  geography: Geography,
): PassageLine[] {
  const body: PassageLine[] = [];
  text.split(/\r\n|\n|\r/).forEach((raw, i) => {
    const line = i + 1;
    if (isNote(raw)) return;
    const t = raw.replace(SENTINEL_CHARS, '');
    const placeholders: PassageLine['placeholders'] = [];
    let open = -1;
    for (let j = 0; j < t.length; j++) {
      const c = t[j]!;
      if (c === '{' || c === '｛') {
        if (open >= 0) err(`“${t[open]}”没有配对的右花括号；${BRACE_HINT}`, line, columnOf(t, open));
        open = j;
      } else if (c === '}' || c === '｝') {
        if (open < 0) {
          err(`多出的“${c}”，前面没有配对的左花括号；${BRACE_HINT}`, line, columnOf(t, j));
          continue;
        }
        const rawPh = t.slice(open, j + 1);
        const parsed = parsePlaceholder(t.slice(open + 1, j), year, plan, geography);
        if ('error' in parsed) err(parsed.error, line, columnOf(t, open));
        else placeholders.push({ raw: rawPh, line, column: columnOf(t, open), request: parsed.request, start: open, end: j + 1 });
        open = -1;
      }
    }
    if (open >= 0) err(`“${t[open]}”没有配对的右花括号；${BRACE_HINT}`, line, columnOf(t, open));
    body.push({ line, text: t, placeholders });
  });
  checkTables(body, err);
  return body;
}

/** A table needs a separator row under its header, with as many columns. */
function checkTables(body: readonly PassageLine[], err: (msg: string, line: number) => void): void {
  for (let i = 0; i < body.length; i++) {
    if (markdownLine(body[i]!.text).kind !== 'table' || (i > 0 && markdownLine(body[i - 1]!.text).kind === 'table')) continue;
    const head = body[i]!;
    const sep = body[i + 1];
    if (!sep || markdownLine(sep.text).kind !== 'table' || !isDelimiterRow(sep.text)) {
      err('表格的第二行应为分隔行，如 | --- | --- |（每列一个 ---）；不是表格的段落不要以“|”开头', head.line);
      continue;
    }
    const [h, s] = [cellsOf(head.text).length, cellsOf(sep.text).length];
    if (h !== s) err(`表格的分隔行有 ${s} 列，表头有 ${h} 列，两者应一致`, sep.line);
  }
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The folder as messages name it: relative to the project when inside it. */
function folderLabel(dir: string): string {
  const rel = relative(PROJECT_ROOT, dir);
  return rel && !rel.startsWith('..') ? rel.split('\\').join('/') : dir;
}

/** Every file under `dir`, with `/`-separated paths relative to it. */
function listFiles(dir: string, prefix = ''): PassageFile[] {
  return readdirSync(join(dir, prefix)).flatMap((name) => {
    const rel = prefix ? `${prefix}/${name}` : name;
    const full = join(dir, rel);
    if (statSync(full).isDirectory()) return listFiles(dir, rel);
    return [{ path: rel, content: readFileSync(full) }];
  });
}

/**
 * Read and check every passage under `dir` (default `data/text/passages/`). A missing
 * folder has no passages. Throws one ConfigError listing every error.
 */
export function loadPassages(ctx: PassageContext, dir: string = DEFAULT_PASSAGES_DIR): PassageLibrary {
  const where = folderLabel(dir);
  if (!existsSync(dir)) return { where, passages: [] };
  let files: PassageFile[];
  try {
    files = listFiles(dir);
  } catch (e) {
    throw new ConfigError(`无法读取段落文件夹 ${where}：${(e as Error).message}`);
  }
  return parsePassages(files, ctx, where);
}

// ---- rendering ---------------------------------------------------------------------

/**
 * The passages of `year`, placeholders filled through `resolve`, rendered to safe HTML per
 * section key. Errors from the resolver are collected and thrown as one ConfigError naming
 * file, line and column; values missing from the data are said in words (— in a table's cell)
 * and listed in `notes`.
 */
export function renderPassages(library: PassageLibrary, year: number, resolve: PlaceholderResolver): RenderedPassages {
  const errors: string[] = [];
  const notes: string[] = [];
  const bySection = new Map<string, RenderedPassage>();
  for (const p of library.passages) {
    if (p.year !== year) continue;
    const fills: string[] = [];
    const missing = new Map<number, { where: string; why: string }>();
    let marked = false;
    const lines = p.body.map((l) => {
      let out = '';
      let at = 0;
      for (const ph of l.placeholders) {
        const where = `${p.file} 第 ${ph.line} 行第 ${ph.column} 列：占位符${ph.raw}`;
        const r = resolve(ph.request);
        if ('missing' in r) missing.set(fills.length, { where, why: r.missing });
        else if ('error' in r) errors.push(`${where}：${r.error}`);
        else if (r.incomplete) {
          notes.push(`${where}所用数据不完整（${r.incomplete}），报告中其后标“${INCOMPLETE_MARK}”，段落之后加注`);
          marked = true;
        }
        out += l.text.slice(at, ph.start) + sentinel(fills.length);
        fills.push('text' in r ? r.text + (r.incomplete ? INCOMPLETE_MARK : '') : 'missing' in r ? r.words ?? MISSING_WORDS : MISSING);
        at = ph.end;
      }
      return out + l.text.slice(at);
    });
    // a figure missing from a sentence is said in words ('驿站较上年—' read as a misprint); a
    // table's cell has the mark of a missing figure, as every table of the report
    const blocks = renderMarkdown(markdownSource(lines), (i, inTable) => {
      const text = missing.has(i) && inTable ? MISSING : fills[i]!;
      const m = missing.get(i);
      if (m) notes.push(`${m.where}没有数值（${m.why}），报告中显示为“${text}”`);
      return text;
    });
    if (marked) blocks.push({ html: `<p>${INCOMPLETE_NOTE}</p>`, text: INCOMPLETE_NOTE });
    bySection.set(p.section.key, {
      sectionKey: p.section.key, file: p.file, year, blocks,
      html: blocks.map((b) => b.html).join('\n'),
      text: blocks.map((b) => b.text).join('\n'),
    });
  }
  if (errors.length === 1) throw new ConfigError(errors[0]!);
  if (errors.length > 1) throw new ConfigError(`${library.where} 中的段落有 ${errors.length} 处占位符无法填写：\n${errors.join('\n')}`);
  return { year, bySection, notes };
}
