/**
 * The town pages: `towns/index.html` and one page per town or street — each indicator
 * computed for towns against the district value and the benchmark (the district target
 * for ratio indicators, the share of the district for counts), the rank among towns, the
 * trend of every year, and links to the town's reports that exist.
 */
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import { publishedChange } from '../evaluate/indicator-values.ts';
import { formatFigure, formatNumber, formatPercent, formatTarget, MISSING, townSpec } from '../basics/format.ts';
import type { Place } from '../plan/geography.ts';
import { townSentence } from '../present/narrative.ts';
import { changeCell, rankCell } from '../present/phrases.ts';
import { hostedDistrictLevelText, meaningfulFor } from '../present/report-facts.ts';
import { townClosings } from './town-closings.ts';
import { isComparisonMarked } from '../present/incomplete.ts';
import { doubtfulTownNote } from '../present/doubtful.ts';
import type { Indicator } from '../plan/plan.ts';
import { linkFrom } from './files.ts';
import {
  INCOMPLETE_MARK, incompleteNote, indicatorPath, label, markOf, TABLE_SORT_SCRIPT, link, num, reportShortLabel, statusCell, text, townPath, townReportLabel,
  type Cell, type Fact, type IncompleteNote, type LinkTable, type SiteContext, type SitePageSpec,
} from './view.ts';
import { sparkline } from '../present/sparkline.ts';

export interface ReportLink {
  label: string;
  html: string | null;
  pdf: string | null;
}

export interface TownPageView {
  heading: string;
  intro: string;
  facts: Fact[];
  /** The footnote of the marked values, when any is marked. */
  incomplete: IncompleteNote | null;
  ratios: LinkTable | null;
  counts: LinkTable | null;
  trends: LinkTable;
  sentences: string[];
  reports: ReportLink[];
  reportsNote: string;
}

/** An indicator named in a town's context: `指标19 社区社会组织数量` (without the 全区 of the plan's name). */
function localTitle(ind: Indicator): string {
  return `指标${ind.id} ${ind.name.replace(/^全区/, '')}`;
}

/** How a town's values of an indicator are shown: in 人 where the district counts 万人 (evaluation.md). */
const spec = (ind: Indicator) => townSpec({ unit: ind.unit, precision: ind.precision });

/** The change on last year, as the reports write it in a cell (`+5.7个百分点`, `持平`), sorted by its unrounded value. */
function changeCellOf(ind: Indicator, v: IndicatorValue | undefined): Cell {
  const from = v?.value != null && v.changeOnLastYear !== null ? v.value - v.changeOnLastYear : null;
  return num(changeCell(spec(ind), from, v?.value), { sort: v?.changeOnLastYear != null ? String(publishedChange(v)) : '', ...comparisonMark(v, 'change') });
}

/** The mark on a comparison whose own value is complete but made from another that is not. */
function comparisonMark(v: IndicatorValue | undefined, of: keyof IndicatorValue['basisComplete']): { mark?: string } {
  return isComparisonMarked(v, of) ? { mark: INCOMPLETE_MARK } : {};
}

/** The rank among the towns (`3／22`, ties stated; none where most towns share the value), sorted by place. */
function rankCellOf(v: IndicatorValue | undefined): Cell {
  const text = rankCell(v, { of: true });
  return num(text, { sort: /^\d/.test(text) ? String(v!.rank) : '', ...comparisonMark(v, 'rank') });
}

/** The indicators measured for the town and meaningful for its kind (no village indicator for a 街道), as in its report. */
function townIndicators(ctx: SiteContext, town: Place): Indicator[] {
  return ctx.plan.indicators.filter((i) => meaningfulFor(i, town));
}

/**
 * The town's latest figures that rest on a cell a department is asked to check, as its report
 * says them under its table (the final review: 采育镇's 4470 社区社会组织, 312 the year before,
 * said on the report and the indicator page, not on the town's own page).
 */
function doubtNotes(ctx: SiteContext, town: Place, inds: readonly Indicator[]): { notes?: string[] } {
  const f = { plan: ctx.plan, geography: ctx.geography, year: ctx.latestYear, values: ctx.index, doubtful: ctx.doubtful };
  const notes = inds.flatMap((ind) => doubtfulTownNote(f, ind, town.code) ?? []);
  return notes.length ? { notes } : {};
}

function ratioTable(ctx: SiteContext, town: Place, inds: Indicator[], from: string): LinkTable {
  const { index, latestYear, geography } = ctx;
  return {
    caption: `表 ${latestYear}年${town.name}比率类指标对照全区目标`,
    className: 'town-compare',
    ...doubtNotes(ctx, town, inds),
    sortable: true,
    columns: [
      { text: '指标' }, { text: '单位' }, { text: town.name, num: true }, { text: '全区', num: true }, { text: '全区目标', num: true },
      { text: '对照全区目标' }, { text: '位次', num: true }, { text: '较上年', num: true },
    ],
    rows: inds.map((ind) => {
      const v = index.get(latestYear, town.code, ind.id);
      const d = index.get(latestYear, geography.district.code, ind.id);
      return [
        link(localTitle(ind), linkFrom(from, indicatorPath(ind.id)), { header: true, star: ind.isBinding }),
        label(spec(ind).unit || '—'),
        num(formatFigure(spec(ind), v?.value ?? null), markOf(v)),
        num(formatFigure(spec(ind), d?.value ?? null), markOf(d)),
        num(formatTarget(ind, { unit: true })),
        statusCell(v?.benchmark ?? (v?.value == null ? '无法评估' : null), undefined, v),
        rankCellOf(v),
        changeCellOf(ind, v),
      ];
    }),
  };
}

function countTable(ctx: SiteContext, town: Place, inds: Indicator[], from: string): LinkTable {
  const { index, latestYear, geography } = ctx;
  return {
    caption: `表 ${latestYear}年${town.name}总量类指标占全区比重`,
    className: 'town-compare',
    ...doubtNotes(ctx, town, inds),
    sortable: true,
    columns: [{ text: '指标' }, { text: '单位' }, { text: town.name, num: true }, { text: '全区', num: true }, { text: '占全区比重', num: true }, { text: '较上年', num: true }],
    rows: inds.map((ind) => {
      const v = index.get(latestYear, town.code, ind.id);
      const d = index.get(latestYear, geography.district.code, ind.id);
      return [
        link(localTitle(ind), linkFrom(from, indicatorPath(ind.id)), { header: true, star: ind.isBinding }),
        label(spec(ind).unit || '—'),
        num(formatFigure(spec(ind), v?.value ?? null), markOf(v)),
        num(formatFigure(spec(ind), d?.value ?? null), markOf(d)),
        num(formatPercent(v?.shareOfDistrict ?? null), comparisonMark(v, 'share')),
        changeCellOf(ind, v),
      ];
    }),
  };
}

function trendTable(ctx: SiteContext, town: Place, inds: Indicator[], from: string): LinkTable {
  const { index, years } = ctx;
  const closings = ctx.data ? townClosings(ctx.plan, ctx.data, inds, town, ctx.latestYear) : [];
  return {
    caption: `表 ${town.name}各指标历年数值`,
    className: 'town-history',
    ...(closings.length ? { notes: closings } : {}),
    columns: [{ text: '指标' }, { text: '单位' }, ...years.map((y) => ({ text: `${y}年`, num: true })), { text: '趋势', noSort: true }],
    rows: inds.map((ind) => {
      const vs = years.map((y) => index.get(y, town.code, ind.id));
      const spark = sparkline(vs.map((v) => v?.value ?? null), ind.aggregation === 'ratio' ? ind.target : null);
      return [
        link(localTitle(ind), linkFrom(from, indicatorPath(ind.id)), { header: true }),
        label(spec(ind).unit || '—'),
        ...vs.map((v) => num(formatFigure(spec(ind), v?.value ?? null), markOf(v))),
        spark ? { text: '', spark } : text(MISSING),
      ] satisfies Cell[];
    }),
  };
}

function reportLinks(ctx: SiteContext, town: Place, from: string): ReportLink[] {
  const out: ReportLink[] = [];
  for (const r of ctx.reports) {
    const doc = r.towns.get(town.code);
    if (!doc) continue;
    out.push({ label: townReportLabel(r, ctx.plan.period.start, town.name), html: doc.html && linkFrom(from, doc.html), pdf: doc.pdf && linkFrom(from, doc.pdf) });
  }
  return out;
}

/** The page's note on its marks: values from incomplete data, and comparisons made from others' (the latest year's tables). */
function incompleteOf(ctx: SiteContext, town: Place, inds: readonly Indicator[], path: string): IncompleteNote | null {
  const shown = ctx.values.filter((v) => (v.geoCode === town.code || v.geoLevel === 'district') && inds.some((i) => i.id === v.indicatorId));
  const values = shown.some((v) => markOf(v).mark);
  const latest = shown.filter((v) => v.geoCode === town.code && v.year === ctx.latestYear);
  const comparisons = latest.some((v) => isComparisonMarked(v, 'rank') || isComparisonMarked(v, 'share') || isComparisonMarked(v, 'change'));
  if (!values && !comparisons) return null;
  return incompleteNote(path, {
    lineage: false,
    comparisons: comparisons ? `“位次”“占全区比重”和“较上年”标“${INCOMPLETE_MARK}”的，${town.name}的数值完整，但所依据的其他镇街、全区或上年的数值不完整，仅供参考。` : undefined,
  });
}

function townPage(ctx: SiteContext, town: Place): SitePageSpec {
  const { plan, index, latestYear, geography } = ctx;
  const path = townPath(town.code);
  const inds = townIndicators(ctx, town);
  const ratios = inds.filter((i) => i.aggregation === 'ratio');
  const counts = inds.filter((i) => i.aggregation !== 'ratio');
  const judged = ratios.map((i) => index.get(latestYear, town.code, i.id)).filter((v) => v?.benchmark);
  const met = judged.filter((v) => v!.benchmark === '达到全区目标水平').length;
  // First alone or with a few: a first place most towns share (all at 100 %) is no distinction.
  const top = ratios.filter((i) => {
    const v = index.get(latestYear, town.code, i.id);
    return v?.rank === 1 && v.rankOf !== null && (v.rankShared ?? 1) * 2 <= v.rankOf;
  });
  const sharedTop = top.filter((i) => (index.get(latestYear, town.code, i.id)?.rankShared ?? 1) > 1).length;
  const sentences = inds.flatMap((ind) => {
    const v = index.get(latestYear, town.code, ind.id);
    if (!v) return [];
    // a district-level facility counted in its host town, said as the town report says it (the site review: 兴丰's 2 with no note)
    const hosted = ctx.data ? hostedDistrictLevelText(ctx.data, ind, v, town) : null;
    return [`${townSentence(plan, ind, v, index.get(latestYear, geography.district.code, ind.id) ?? null, town.name)}${hosted ?? ''}`];
  });
  const reports = reportLinks(ctx, town, path);
  const view: TownPageView = {
    heading: town.name,
    intro: `${town.name}是${plan.region}下辖的${town.type}。规划未给镇街设定目标；本页把${town.name}${inds.length}项可以分镇街计算的指标与全区对照：比率类指标以全区${plan.targetYear}年目标为参照，总量类指标看占全区的比重。数据为${latestYear}年。`,
    facts: [
      { label: '类型', value: town.type },
      { label: '数据年度', value: `${latestYear}年` },
      { label: '达到全区目标水平的比率类指标', value: `${formatNumber(met)}／${formatNumber(ratios.length)}项` },
      // a first place shared said so (a site review: 4项 counting a first place shared by 10 towns)
      { label: '位居各镇街第一的指标', value: `${formatNumber(top.length)}项${sharedTop ? `（其中${formatNumber(sharedTop)}项与其他镇街并列）` : ''}` },
    ],
    incomplete: incompleteOf(ctx, town, inds, path),
    ratios: ratios.length ? ratioTable(ctx, town, ratios, path) : null,
    counts: counts.length ? countTable(ctx, town, counts, path) : null,
    trends: trendTable(ctx, town, inds, path),
    sentences,
    reports,
    reportsNote: reports.length ? '' : '尚无该镇街的评估报告。',
  };
  return {
    path,
    template: 'town',
    title: `${town.name} - 镇街`,
    description: `${town.name}（${plan.region}${town.type}）${latestYear}年各项民政指标与全区的对照、在各镇街中的位次、历年变化和年度评估报告。`,
    section: '镇街',
    scripts: [TABLE_SORT_SCRIPT],
    breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: '镇街', href: 'towns/index.html' }, { label: town.name }],
    view,
  };
}

export interface TownIndexView {
  intro: string;
  table: LinkTable;
}

function indexPage(ctx: SiteContext): SitePageSpec {
  const { geography, index, latestYear } = ctx;
  const path = 'towns/index.html';
  const latestReports = ctx.reports.find((r) => r.year === latestYear);
  const reportName = latestReports ? reportShortLabel(latestReports, ctx.plan.period.start).replace(/（.*）$/, '') : '';
  const rows: Cell[][] = geography.towns.map((t) => {
    const ratios = townIndicators(ctx, t).filter((i) => i.aggregation === 'ratio');
    const met = ratios.filter((i) => index.get(latestYear, t.code, i.id)?.benchmark === '达到全区目标水平').length;
    const doc = latestReports?.towns.get(t.code);
    return [
      link(t.name, linkFrom(path, townPath(t.code)), { header: true }),
      text(t.type),
      num(`${formatNumber(met)}／${formatNumber(ratios.length)}`),
      // the town in each link's name, for a list of links read out of the table (22 links all 总结评估报告: the site review)
      doc?.html && latestReports ? { text: '', links: [{ text: `${reportName}报告`, href: linkFrom(path, doc.html), hidden: `（${t.name}）` }] } : text(MISSING),
    ];
  });
  const view: TownIndexView = {
    intro: `${geography.district.name}下辖${geography.towns.filter((t) => t.type === '街道').length}个街道、${geography.towns.filter((t) => t.type === '镇').length}个镇。点击镇街名称查看其各项指标与全区的对照、历年变化和年度评估报告。`,
    table: {
      caption: `表 各镇街${latestYear}年比率类指标达到全区目标水平的项数`,
      sortable: true,
      columns: [{ text: '镇街' }, { text: '类型' }, { text: '达到全区目标水平（项）', num: true }, { text: `${latestYear}年评估报告` }],
      rows,
    },
  };
  return { path, template: 'towns', title: '镇街', description: view.intro, section: '镇街', scripts: [TABLE_SORT_SCRIPT], breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: '镇街' }], view };
}

export function townPages(ctx: SiteContext): SitePageSpec[] {
  return [indexPage(ctx), ...ctx.geography.towns.map((t) => townPage(ctx, t))];
}
