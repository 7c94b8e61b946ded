/**
 * A report as a document: cover, contents and a tree of numbered sections, each a list of
 * blocks (paragraphs, the office's passages, lists, tables, figures, callouts). Every
 * report — the annual and mid-term evaluations, the final evaluation, a town's report —
 * is built as one of these and laid out by the one template (`templates/report.hbs`), so
 * the templates hold markup only and the numbering follows one rule.
 *
 * Headings follow the 公文 levels (GB/T 9704): 一、 / （一） / 1. / （1）, never two levels
 * with the same numbering; the contents list the first two levels.
 */
import { chineseNumeral, evenGrouping } from '../basics/format.ts';
import type { DataTable, Figure } from '../present/figures.ts';
import type { Edition } from '../present/report-facts.ts';
import type { StatusBadge } from '../present/status.ts';

export interface DocHeading {
  /** Stable anchor id. */
  id: string;
  /** `一、`, `（二）`, `3.`, `（1）`; empty for an unnumbered heading (附录). */
  number: string;
  title: string;
  /** Number and title as printed. */
  text: string;
  /** 1 = chapters (一、), 2 = （一）, 3 = 1., 4 = （1）. */
  level: number;
  /** HTML heading element: h2 for level 1 (h1 is the report title). */
  tag: number;
  /** Listed in the contents (levels 1 and 2). */
  inToc: boolean;
}

/** A cell of a report table; a badge shows a status in its colours. */
export interface Cell {
  text: string;
  badge?: StatusBadge;
  /** Row header (first column). */
  header?: boolean;
  num?: boolean;
  rowspan?: number;
  colspan?: number;
  /** A row that names a group of the rows below it (领域). */
  group?: boolean;
  /** A row that is a note on the row above it (its mark's text), across the table. */
  rowNote?: boolean;
  strong?: boolean;
  /** A footnote mark after the text (`*`, `①`). */
  mark?: string;
  /** `text` in parts a line may break between (`<wbr>`, no character added: a PDF's text stays searchable); else `text` whole. */
  breaks?: string[];
  /** In a table read as cards on a phone (`stack`): the name said before the cell, where not its column's. */
  cardLabel?: string;
  /** In a table read as cards: left out of the card (a cell that says nothing for this row: `—`, `／`). */
  cardHide?: boolean;
}

/** A table of the report: caption, header rows, body rows of cells, notes under it. */
export interface ReportTable {
  caption: string;
  columns: string[];
  rows: Cell[][];
  notes?: string[];
  /** CSS class: `indicators`, `compact`, `tasks` … */
  className?: string;
  /** Printed on a landscape-width page when it has many columns. */
  wide?: boolean;
  /** On a phone's screen, each row a card: its name, its status, each other cell with its column's name. */
  stack?: boolean;
}

/** One block of a section: exactly one of the fields is set. */
export interface Block {
  paragraph?: string;
  /** A paragraph with a bold lead-in: `总体看，…`. */
  lead?: { lead: string; text: string };
  /** The office's own passage (Markdown rendered to safe HTML). */
  passage?: { html: string; text: string };
  list?: { items: string[]; ordered: boolean };
  table?: ReportTable;
  /** A table of the plain shape used by figures and appendices. */
  dataTable?: DataTable;
  figure?: { figure: Figure; printTable: boolean };
  callout?: { title: string; items: string[]; tone: 'warning' | 'info' };
  note?: string;
}

export interface DocSection {
  heading: DocHeading;
  blocks: Block[];
  children: DocSection[];
  className?: string;
}

export interface Cover {
  /** Title lines, large: the plan title, then the report's name. */
  lines: string[];
  /** A line under the title (the period of a final or mid-term evaluation). */
  subtitle: string | null;
  /** The town a report is of, on its own line under the title and, for screen readers and the outline, in the heading: 23 pages must not share one h1. */
  place?: string;
  issuer: string;
  /** 成文日期: `2026年3月`. */
  date: string;
  /** `数据截至2025年12月31日`. */
  dataNote: string;
}

export interface ReportDocument {
  lang: 'zh-CN';
  kind: 'district' | 'town';
  edition: Edition;
  year: number;
  title: string;
  runningHeader: string;
  cover: Cover;
  toc: DocHeading[];
  sections: DocSection[];
  /** Links of the web page (not printed): the PDF, the district report, the towns' reports. */
  links: {
    pdf: string | null;
    district: string | null;
    towns: { name: string; href: string }[];
    townsIntro: string;
  };
}


export type { Edition };

export const EDITION_NAMES: Readonly<Record<Edition, string>> = {
  annual: '年度实施评估报告',
  midterm: '中期评估报告',
  final: '实施情况总结评估报告',
};

const LEVEL_NUMBER: readonly ((n: number) => string)[] = [
  (n) => `${chineseNumeral(n)}、`,
  (n) => `（${chineseNumeral(n)}）`,
  (n) => `${n}.`,
  (n) => `（${n}）`,
];

/**
 * Headings numbered by level as they are added: a new level-1 heading restarts the
 * numbering of the levels below it. Ids are given by the caller (stable anchors).
 */
export class Headings {
  readonly all: DocHeading[] = [];
  private readonly counters = [0, 0, 0, 0];

  /** A numbered heading at `level` (1–4). */
  add(id: string, title: string, level: number): DocHeading {
    if (level < 1 || level > 4) throw new Error(`标题层级应为 1—4，实为 ${level}`);
    this.counters[level - 1]! += 1;
    for (let l = level; l < this.counters.length; l++) this.counters[l] = 0;
    const number = LEVEL_NUMBER[level - 1]!(this.counters[level - 1]!);
    return this.push({ id, number, title, text: `${number}${title}`, level, tag: Math.min(6, level + 1), inToc: level <= 2 });
  }

  /** An unnumbered heading (附录, 附录一 …), listed in the contents at `level` ≤ 2. */
  plain(id: string, text: string, level: number): DocHeading {
    for (let l = level - 1; l < this.counters.length; l++) this.counters[l] = 0;
    return this.push({ id, number: '', title: text, text, level, tag: Math.min(6, level + 1), inToc: level <= 2 });
  }

  get toc(): DocHeading[] {
    return this.all.filter((h) => h.inToc);
  }

  private push(h: DocHeading): DocHeading {
    if (this.all.some((x) => x.id === h.id)) throw new Error(`标题 id 重复：${h.id}`);
    this.all.push(h);
    return h;
  }
}

/** A section with its heading and blocks, children added later. */
export function section(heading: DocHeading, blocks: Block[] = [], children: DocSection[] = [], className?: string): DocSection {
  return className ? { heading, blocks, children, className } : { heading, blocks, children };
}

export const para = (text: string): Block => ({ paragraph: text });

/**
 * The document with each table's columns grouped alike (format.ts `evenGrouping`): a column
 * holding `13,756` shows `9,125`, not `9125`. Cells are placed by their row and column spans;
 * a cell spanning several columns is left as it is.
 */
export function withEvenGrouping(doc: ReportDocument): ReportDocument {
  const visit = (s: DocSection): void => {
    for (const b of s.blocks) {
      if (b.table) evenReportTable(b.table);
      if (b.dataTable) evenDataTable(b.dataTable);
      if (b.figure) evenDataTable(b.figure.figure.table);
    }
    s.children.forEach(visit);
  };
  doc.sections.forEach(visit);
  return doc;
}

function evenDataTable(t: DataTable): void {
  const width = Math.max(0, ...t.rows.map((r) => r.length));
  for (let c = 0; c < width; c++) {
    const rows = t.rows.filter((r) => c < r.length);
    evenGrouping(rows.map((r) => r[c]!)).forEach((text, i) => (rows[i]![c] = text));
  }
}

function evenReportTable(t: ReportTable): void {
  const columns = new Map<number, Cell[]>();
  const taken: number[] = []; // rows still covered by a rowspan above, per column
  for (const row of t.rows) {
    let c = 0;
    for (const cell of row) {
      while ((taken[c] ?? 0) > 0) c++;
      const span = cell.colspan ?? 1;
      if (span === 1 && cell.num) (columns.get(c) ?? columns.set(c, []).get(c)!).push(cell);
      for (let k = c; k < c + span; k++) taken[k] = cell.rowspan ?? 1;
      c += span;
    }
    for (let k = 0; k < taken.length; k++) if ((taken[k] ?? 0) > 0) taken[k]! -= 1;
  }
  for (const cells of columns.values()) evenGrouping(cells.map((x) => x.text)).forEach((text, i) => (cells[i]!.text = text));
}
