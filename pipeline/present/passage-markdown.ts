/**
 * The Markdown of the office's passages, rendered to safe HTML with markdown-it.
 *
 * The subset: paragraphs, **bold** (and *italic*), bulleted and numbered lists of one
 * level, simple tables. Nothing else is markup: raw HTML, links, images, code, headings,
 * quotes and rules show as the text typed (`html: false` and those rules disabled), so
 * `<script>` in a file is text on the page.
 *
 * Written for people who know Word, not Markdown:
 * - every line is a paragraph (a blank line between paragraphs is allowed, not needed);
 *   consecutive list items stay one list, consecutive table rows one table;
 * - leading and trailing spaces (also full-width 　) are dropped, so an indented first line
 *   is not a code block;
 * - list markers as typed in a Chinese IME count: `－`, `•`, `●`, `·` for bullets; `1．`,
 *   `1、`, `1）` for numbers (`1.5万人` is not a list item); `｜` for table pipes and
 *   `＊＊` for bold;
 * - `**一是坚持规划引领。**通过…` is bold (markdown-it-cjk-friendly: CommonMark alone
 *   does not close ** after 。 before a Han character);
 * - lines are joined without a space (Chinese).
 *
 * Placeholders are replaced before parsing by private-use sentinels (`\uE000n\uE001`) that
 * Markdown leaves alone, and after rendering by their escaped values.
 */
import MarkdownIt from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';

export type LineKind = 'text' | 'bullet' | 'ordered' | 'table';

/** A passage line, trimmed and with list markers and pipes in their Markdown form. */
export interface MarkdownLine {
  kind: LineKind;
  text: string;
}

const BULLET = /^(?:[-+*][ \t]+|[•●・·－＋][ \t]*|＊(?!＊)[ \t]*)(?=\S)/;
const ORDERED = /^([0-9０-９]{1,2})(?:[.．](?![0-9０-９])|[)）、])[ \t]*(?=\S)/;
const TABLE = /^[|｜]/;

const toAscii = (s: string): string => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/** One line as Markdown: kind and normalised text (empty for a blank line). */
export function markdownLine(raw: string): MarkdownLine {
  const t = raw.replace(/^[\s\u3000\u00A0]+|[\s\u3000\u00A0]+$/g, '').replace(/＊＊/g, '**');
  if (TABLE.test(t)) {
    const pipes = t.replace(/｜/g, '|');
    return { kind: 'table', text: isDelimiterRow(t) ? pipes.replace(/[－—]/g, '-').replace(/：/g, ':') : pipes };
  }
  const b = BULLET.exec(t);
  if (b) return { kind: 'bullet', text: `- ${t.slice(b[0].length)}` };
  const o = ORDERED.exec(t);
  if (o) return { kind: 'ordered', text: `${toAscii(o[1]!)}. ${t.slice(o[0].length)}` };
  return { kind: 'text', text: t };
}

/** A table's second row: `|---|:--:|`, also with full-width pipes, dashes and colons. */
export function isDelimiterRow(line: string): boolean {
  return cellsOf(line).every((c) => /^[:：]?[-－—]+[:：]?$/.test(c));
}

/** The cells of a table row, trimmed (outer pipes optional). */
export function cellsOf(line: string): string[] {
  const t = line.trim().replace(/｜/g, '|').replace(/^\|/, '').replace(/\|$/, '');
  return t.split('|').map((c) => c.trim());
}

/**
 * The Markdown source of a passage's lines (comments already removed): every line its own
 * paragraph, except consecutive list items of one kind and consecutive table rows.
 */
export function markdownSource(lines: readonly string[]): string {
  const out: string[] = [];
  let prev: LineKind | null = null;
  for (const raw of lines) {
    const { kind, text } = markdownLine(raw);
    if (text === '') {
      prev = null;
      out.push('');
      continue;
    }
    if (prev !== null && !(prev === kind && kind !== 'text')) out.push('');
    out.push(text);
    prev = kind;
  }
  return out.join('\n');
}

const md = new MarkdownIt('default', { html: false, linkify: false, typographer: false, breaks: false });
md.use(cjkFriendly);
md.disable(['code', 'fence', 'blockquote', 'hr', 'heading', 'lheading', 'reference', 'html_block']);
md.disable(['link', 'image', 'autolink', 'html_inline', 'entity', 'backticks', 'strikethrough']);
md.renderer.rules.softbreak = () => '';
md.renderer.rules.hardbreak = () => '<br>\n';

/** A placeholder's mark in the Markdown source. */
export function sentinel(i: number): string {
  return `\uE000${i}\uE001`;
}
const SENTINEL = /\uE000(\d+)\uE001/g;
/** Private-use characters the sentinels use, removed from what the office typed. */
export const SENTINEL_CHARS = /[\uE000\uE001]/g;

/** One top-level block of a passage: a paragraph, a list or a table. */
export interface RenderedBlock {
  /** Safe HTML (`<p>…</p>`, `<ul>…</ul>`, `<ol>…</ol>`, `<table>…</table>`). */
  html: string;
  /** The words without markup, for search. */
  text: string;
}

type Token = ReturnType<typeof md.parse>[number];

function plainText(tokens: readonly Token[]): string {
  const parts: string[] = [];
  for (const t of tokens) {
    if (t.type !== 'inline') continue;
    parts.push((t.children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : '')).join(''));
  }
  return parts.filter((p) => p !== '').join('\n');
}

/**
 * Render Markdown source to its top-level blocks, sentinel `i` replaced by `fill(i, inTable)`
 * (escaped in the HTML), once per sentinel, in the order of the source.
 */
export function renderMarkdown(source: string, fill: (i: number, inTable: boolean) => string): RenderedBlock[] {
  const tokens = md.parse(source, {});
  const blocks: RenderedBlock[] = [];
  for (let start = 0; start < tokens.length;) {
    let end = start;
    if (tokens[start]!.nesting === 1) {
      let depth = 0;
      for (; end < tokens.length; end++) {
        depth += tokens[end]!.nesting;
        if (depth === 0) break;
      }
    }
    const slice = tokens.slice(start, end + 1);
    const html = md.renderer.render(slice, md.options, {}).trim();
    const inTable = slice[0]!.type === 'table_open';
    const filled = new Map<number, string>();
    const text = (i: string) => {
      const n = Number(i);
      if (!filled.has(n)) filled.set(n, fill(n, inTable));
      return filled.get(n)!;
    };
    blocks.push({
      html: html.replace(SENTINEL, (_, i: string) => md.utils.escapeHtml(text(i))),
      text: plainText(slice).replace(SENTINEL, (_, i: string) => text(i)),
    });
    start = end + 1;
  }
  return blocks;
}
