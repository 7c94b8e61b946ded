/**
 * The site's search page (`search.html`): the documents to index, the index files
 * (`search-index.json`, and `search-index.js` which sets the same JSON as a global so
 * the page also works from `file://`, where Chromium lets no page fetch a file), and the
 * page, which without JavaScript lists every indexed page.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { reportYears, type IndicatorValue } from '../evaluate/evaluate.ts';
import { parseCsv } from '../basics/csv.ts';
import { ConfigError } from '../basics/errors.ts';
import { formatNumber, formatPrinted } from '../basics/format.ts';
import { SHEETS } from '../plan/contract.ts';
import type { YearReports } from '../present/report-documents.ts';
import type { Geography } from '../plan/geography.ts';
import { indicatorParagraph } from '../present/narrative.ts';
import type { Chapter, Plan } from '../plan/plan.ts';
import { TEMPLATE_DIR, type PageFrame, type Renderer } from '../present/render.ts';
import type { FrameOptions } from '../present/page-frame.ts';
import { browserScript } from './browser-bundle.ts';
import { SEARCH_KINDS, type SearchDoc, type SearchIndex } from './search-core.ts';
import { buildSearchIndex, SEARCH_KIND_LABELS, searchIndexJson } from './search-index.ts';
import { townReportLabel } from './view.ts';

/** How a page at the site root asks for its frame (title, nav section, scripts…); `root` is ``. */
export type RootFrameOptions = Omit<FrameOptions, 'root'>;

/** What the search and SQL pages need from the site build. */
export interface SitePageContext {
  /** The site folder being built (pages at its root). */
  siteDir: string;
  renderer: Renderer;
  plan: Plan;
  /** The frame of a page at the site root, e.g. `(o) => pageFrame(plan, links, { ...o, root: '' })`. */
  frame(opts: RootFrameOptions): PageFrame;
}

export interface SearchPageContext extends SitePageContext {
  /** The documents to index, from `searchDocs(…)`. */
  docs: readonly SearchDoc[];
}

/** Nav sections of the two pages (`current` marks the nav entry with this label). */
export const SEARCH_SECTION = '搜索';

/** Where the site's pages are, relative to the site root. */
export interface SearchLinks {
  indicator(id: number): string;
  town(code: string): string;
  /** A year's district report, optionally at a heading anchor. */
  report(year: number, anchor?: string): string;
  /**
   * A plan chapter's page; null leaves the chapter out of the index. The default links the
   * chapters the report follows (第三部分 → its task sections, 第四部分 → its
   * recommendations) into the latest report, and leaves out the others (no page shows them).
   */
  chapter(ch: Chapter, latestYear: number, anchors?: ReadonlySet<string>): string | null;
}

export const DEFAULT_SEARCH_LINKS: SearchLinks = {
  indicator: (id) => `indicators/${id}.html`,
  town: (code) => `towns/${code}.html`,
  report: (year, anchor) => `reports/${year}/index.html${anchor ? `#${anchor}` : ''}`,
  chapter: (ch, latestYear, anchors) => {
    const part = ch.id.split('-')[0];
    // The first of the candidates the latest report has (the final evaluation reports by 体系 only).
    const first = (ids: string[]) => (anchors ? ids.find((id) => anchors.has(id)) : ids[0]);
    let anchor: string | undefined;
    if (part === 'p3') anchor = first([...(ch.level > 1 ? [`sec-${ch.id}`, `sec-${ch.parentId}`] : []), 'tasks', 'achievements']);
    else if (part === 'p4' && ch.level <= 2) anchor = first(['recommendations', 'next-plan']);
    return anchor ? DEFAULT_SEARCH_LINKS.report(latestYear, anchor) : null;
  },
};

export interface SearchDocsInput {
  plan: Plan;
  geography: Geography;
  values: readonly IndicatorValue[];
  /** The reports the report stage wrote, with their sections as text. */
  reports?: readonly YearReports[];
  links?: Partial<SearchLinks>;
  /** The indicators whose latest final verdict rests on data to check: said as the indicator pages say it, not 已完成 flatly (a site review). */
  toCheck?: ReadonlySet<number>;
}

/** The plan's everyday words for its indicators (`search-keywords.csv` in the plan folder, optional). */
export const SEARCH_KEYWORDS_FILE = 'search-keywords.csv';

/** Indicator id → its everyday names, space-separated, from the plan folder's keyword file. */
export function searchKeywords(plan: Plan): Map<number, string> {
  const file = join(plan.dir, SEARCH_KEYWORDS_FILE);
  const out = new Map<number, string>();
  if (!existsSync(file)) return out;
  parseCsv(readFileSync(file, 'utf8'), file).forEach((r, i) => {
    const id = Number(r.indicator_id);
    if (!plan.indicatorById.has(id)) throw new ConfigError(`${file} 第 ${i + 2} 行：规划中没有指标 ${r.indicator_id ?? ''}`);
    const words = (r.keywords ?? '').split(/\s+/).filter(Boolean);
    out.set(id, [...(out.get(id)?.split(' ') ?? []), ...words].join(' '));
  });
  return out;
}

/**
 * The documents the search indexes, in a fixed order: the 32 indicators (name, domain,
 * definition, plan section, sources, the latest year's paragraph), the towns (name,
 * aliases, the latest year's standing against the district targets), the plan's headings
 * that the site shows (with the indicators under them, or the latest recommendations),
 * and each year's report narrative (总体评价, 存在问题).
 */
export function searchDocs(input: SearchDocsInput): SearchDoc[] {
  const { plan, geography, values } = input;
  const links: SearchLinks = { ...DEFAULT_SEARCH_LINKS, ...input.links };
  const docs: SearchDoc[] = [];
  const district = values.filter((v) => v.geoLevel === 'district');
  const latest = district.length ? Math.max(...district.map((v) => v.year)) : null;
  const years = reportYears(plan, values);
  const latestReport = years[years.length - 1] ?? null;

  // Indicators
  const keywords = searchKeywords(plan);
  for (const ind of plan.indicators) {
    const section = plan.chapterById.get(ind.sectionId);
    const history = district.filter((v) => v.indicatorId === ind.id).sort((a, b) => a.year - b.year);
    const v = latest === null ? undefined : history.find((h) => h.year === latest);
    const body = [
      `${ind.domain}${ind.subdomain ? ` · ${ind.subdomain}` : ''}；${ind.isBinding ? '约束性' : '预期性'}指标；单位：${ind.unit || '—'}。`,
      `计算口径：${ind.definition}。`,
      `规划章节：${ind.planSection}${section ? section.title : ''}。`,
      `数据来源：${ind.sourceSheets.join('、')}。`,
      `目标：${plan.targetYear}年${ind.targetOp === '>=' ? '不低于' : '达到'}${formatPrinted(ind, ind.targetText)}（${plan.baselineYear}年基期值 ${ind.baselineText ? formatPrinted(ind, ind.baselineText) : ind.isCumulative ? '不适用，规划期内累计数' : '—'}）。`,
      v ? indicatorParagraph(plan, ind, v, history, { toCheck: input.toCheck?.has(ind.id) }) : '',
    ].join('');
    const names = [`指标${ind.id}`, `第${ind.id}项`, ...(keywords.get(ind.id)?.split(' ') ?? [])];
    docs.push({ kind: 'indicator', label: `指标 ${ind.id}`, title: `${ind.isBinding ? '★' : ''}${ind.name}`, href: links.indicator(ind.id), body, keywords: names.join(' ') });
  }

  // Towns
  for (const town of geography.towns) {
    const parts = [`${geography.district.name}${town.type}。`];
    if (town.aliases.length) parts.push(`又称：${town.aliases.join('、')}。`);
    if (latest !== null) {
      const rows = values.filter((v) => v.year === latest && v.geoCode === town.code && v.benchmark !== null);
      const met = rows.filter((v) => v.benchmark === '达到全区目标水平');
      const notMet = rows.filter((v) => v.benchmark === '未达到全区目标水平');
      const name = (v: IndicatorValue) => plan.indicatorById.get(v.indicatorId)?.name ?? String(v.indicatorId);
      if (rows.length) {
        parts.push(`${latest}年对照全区目标水平：达到${met.length}项${met.length ? `（${met.map(name).join('、')}）` : ''}，未达到${notMet.length}项${notMet.length ? `（${notMet.map(name).join('、')}）` : ''}。`);
      }
    }
    docs.push({ kind: 'town', label: town.type, title: town.name, href: links.town(town.code), body: parts.join(''), ...(town.aliases.length ? { keywords: town.aliases.join(' ') } : {}) });
  }

  // The plan's headings the site shows
  const latestAnchors = input.reports ? new Set(input.reports.find((r) => r.year === latestReport)?.anchors ?? []) : undefined;
  if (latestReport !== null) {
    for (const ch of plan.chapters) {
      const href = links.chapter(ch, latestReport, latestAnchors);
      if (href === null) continue;
      const path: string[] = [];
      for (let p = ch.parentId ? plan.chapterById.get(ch.parentId) : undefined; p; p = p.parentId ? plan.chapterById.get(p.parentId) : undefined) path.unshift(p.heading);
      const inds = subtree(ch).flatMap((c) => c.indicatorIds).map((id) => plan.indicatorById.get(id)!);
      const body = [
        path.length ? `${path.join(' › ')}。` : '',
        inds.length ? `本节指标：${inds.map((i) => `指标${i.id} ${i.name}`).join('；')}。` : '',
      ].join('');
      const part = plan.chapterById.get(ch.id.split('-')[0]!);
      docs.push({ kind: 'chapter', label: ch.level === 1 ? '规划' : `规划${part?.number ?? ''}`, title: ch.heading, href, body });
    }
  }

  // Each year's report, chapter by chapter, as the report stage wrote it
  for (const r of [...(input.reports ?? [])].sort((a, b) => a.year - b.year)) {
    const label = `${r.year}年报告`;
    for (const s of r.sections) docs.push({ kind: 'report', label, title: `${r.year}年 ${s.title}`, href: links.report(r.year, s.id), body: s.text });
  }
  // The towns' reports, newest year first
  for (const r of input.reports ?? []) {
    for (const town of geography.towns) {
      const doc = r.towns.get(town.code);
      if (!doc?.html) continue;
      const judged = values.filter((v) => v.year === r.year && v.geoCode === town.code && v.benchmark !== null);
      const met = judged.filter((v) => v.benchmark === '达到全区目标水平').length;
      docs.push({
        kind: 'report',
        label: `${r.year}年镇街报告`,
        title: townReportLabel(r, plan.period.start, town.name),
        href: doc.html,
        body: `${townReportLabel(r, plan.period.start, town.name)}：本镇街各项指标与全区的对照、位次和较上年的变化；比率类指标达到全区目标水平${formatNumber(met)}项，未达到${formatNumber(judged.length - met)}项。`,
        ...(town.aliases.length ? { keywords: town.aliases.join(' ') } : {}),
      });
    }
  }

  // The published data sets
  docs.push({
    kind: 'dataset',
    label: '数据',
    title: '指标值表 indicator_values',
    href: 'data/index.html#values',
    body: '每个年度 × 地区（全区和各镇街）× 指标一行：指标值、分子、分母、基期值、目标值、时序进度、完成进度、进度评价、预判、镇街对照。CSV、Excel、Parquet 下载。',
    keywords: '指标值 下载 数据下载',
  });
  for (const sheet of SHEETS) {
    docs.push({
      kind: 'dataset',
      label: '数据',
      title: `${sheet.name}（stg_${sheet.table}）`,
      href: `data/index.html#table-${sheet.table}`,
      body: `${sheet.department}填报，${sheet.grain}。列：${sheet.columns.map((c) => c.name).join('、')}。Parquet、CSV 下载。`,
      keywords: `stg_${sheet.table} ${sheet.table}`,
    });
  }
  return docs;
}

function subtree(ch: Chapter): Chapter[] {
  return [ch, ...ch.children.flatMap(subtree)];
}

/** The search page's no-JavaScript list: every indexed page, by kind. */
function listing(docs: readonly SearchDoc[]) {
  return SEARCH_KINDS.map((kind) => ({
    kind,
    label: SEARCH_KIND_LABELS[kind],
    docs: docs.filter((d) => d.kind === kind).map((d) => ({ label: d.label, title: d.title, href: d.href })),
  })).filter((g) => g.docs.length > 0);
}

export interface WrittenFiles {
  files: string[];
}

/**
 * Write `search.html`, `search-index.json`, `search-index.js` and `assets/search.js` into
 * the site. Deterministic: the same documents give the same bytes.
 */
export function writeSearchPage(ctx: SearchPageContext): WrittenFiles & { index: SearchIndex } {
  const { siteDir, renderer, docs } = ctx;
  mkdirSync(join(siteDir, 'assets'), { recursive: true });
  const index = buildSearchIndex(docs);
  const json = searchIndexJson(index);
  const files = [join(siteDir, 'search-index.json'), join(siteDir, 'search-index.js'), join(siteDir, 'search.html'), join(siteDir, 'assets', 'search.js'), join(siteDir, 'assets', 'tools.css')];
  writeFileSync(files[0]!, json);
  writeFileSync(files[1]!, `// planeval 搜索索引（由 planeval build 生成，与 search-index.json 内容相同）\nglobalThis.PLANEVAL_SEARCH_INDEX = ${json.trimEnd()};\n`);
  const groups = listing(docs);
  const view = {
    count: docs.length,
    groups,
    summary: groups.map((g) => `${g.label} ${g.docs.length} 项`).join('，'),
  };
  const title = '搜索';
  writeFileSync(files[2]!, renderer.page('site/search', view, ctx.frame({
    title: `${title} · ${ctx.plan.shortTitle}实施评估`,
    section: SEARCH_SECTION,
    bodyClass: 'search-page',
    breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: title }],
    scripts: ['search-index.js', 'assets/search.js'],
    noSearchBox: true,
    description: `在${ctx.plan.shortTitle}实施评估网站的指标、镇街、规划章节、年度评估报告和数据中查找。`,
  })));
  writeFileSync(files[3]!, browserScript('search-page'));
  copyFileSync(join(TEMPLATE_DIR, 'assets', 'tools.css'), files[4]!);
  return { files, index };
}
