/**
 * The indicator pages: `indicators/index.html` (all 32 at a glance) and one page per
 * indicator — definition and formula, unit, attribute, baseline and target, source sheets
 * and the departments that fill them, the district trend against target and time
 * progress, every year's evaluation, the towns' values, and downloads of exactly that data.
 */
import { doubtfulSummary } from '../present/doubtful.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import type { IndicatorValue } from '../evaluate/evaluate.ts';
import { formatFigure, formatNumber, formatPercent, formatPrinted, formatTarget, formatValue, MISSING, NOT_APPLICABLE, townSpec } from '../basics/format.ts';
import { indicatorParagraph } from '../present/narrative.ts';
import { keyTasks } from '../evaluate/key-tasks.ts';
import { taskCause, tasksFor, taskState } from '../evaluate/task-state.ts';
import { taskSentence } from '../present/themes.ts';
import type { Indicator } from '../plan/plan.ts';
import type { Place } from '../plan/geography.ts';
import type { ValueIndex } from '../present/value-index.ts';
import { districtTrendWorthDrawing, FigureCounter, townFigure, trendFigure, type Figure } from '../present/figures.ts';
import { linkFrom } from './files.ts';
import {
  attributeText, incompleteNote, INCOMPLETE_MARK, indicatorPath, label, markOf, TABLE_SORT_SCRIPT, indicatorTitle, link, num, statusCell, text, townPath, unitOrRatio,
  type Cell, type Download, type Fact, type IncompleteNote, type LinkTable, type SiteContext, type SitePageSpec,
} from './view.ts';
import { indicatorClosings } from './town-closings.ts';
import { sparkline } from '../present/sparkline.ts';
import { baselineNotes, reconciledOutlookNote, roundingNotes } from '../present/table-notes.ts';

export interface IndicatorPageView {
  heading: string;
  isBinding: boolean;
  kicker: string;
  facts: Fact[];
  definition: string;
  notes: string[];
  sources: LinkTable;
  /** The footnote of the marked values (the latest year's, every year's table), when any is marked. */
  incomplete: IncompleteNote | null;
  /** Why the latest judgement rests on a figure a department is asked to check (present/doubtful.ts), when it does. */
  doubt: string | null;
  paragraph: string | null;
  /** For a target not met (or behind), its unfinished key tasks as the ledger gives them, with their causes. */
  tasks: string | null;
  /** Null for a constant (report.md: no chart of a constant), said in `trendNote`. */
  trend: Figure | null;
  trendNote: string | null;
  years: LinkTable;
  /** No figure, and a note why, where the towns are not compared (townScope none) or all show one figure (townsAlike). */
  towns: { figure: Figure | null; note: string | null; history: LinkTable } | null;
  downloads: Download[];
  pager: { prev: { href: string; label: string } | null; next: { href: string; label: string } | null };
}

/** Site paths of the two downloads of an indicator. */
export function indicatorDownloadPaths(id: number): { csv: string; xlsx: string } {
  return { csv: `indicators/${id}.csv`, xlsx: `indicators/${id}.xlsx` };
}


function levelText(ind: Indicator): string {
  return ind.level === 'DT' ? '全区和各镇街' : '仅全区';
}

/** A cell's note mark, when there is one. */
const noted = (mark: string | undefined) => (mark ? { note: mark } : {});

/**
 * Rows of every year for the district: value, 完成进度, 时序进度, 状态, 预判 (期末结论 in the
 * target year). The baseline year shows the plan's printed baseline, as the chart above it
 * does (evaluation.md); notes say where the data differ, and where a value prints at its target
 * (or its baseline) while below it, so that no row seems to contradict its status (the site
 * review: 0.15 against ≥0.15 rated 快于时序进度, a 2020 of 31.8 under a chart of 30.3).
 */
function yearsTable(ctx: SiteContext, ind: Indicator): LinkTable {
  const { plan, index, geography } = ctx;
  const one = { ...plan, indicators: [ind] };
  const baseline = baselineNotes(one, index);
  const rounding = roundingNotes(one, index, ctx.years.filter((y) => y > plan.baselineYear), baseline.marks.size);
  const rows: Cell[][] = ctx.years.map((year) => {
    const v = index.get(year, geography.district.code, ind.id);
    const base = year <= plan.baselineYear;
    const printed = base && year === plan.baselineYear && ind.baselineText !== '';
    const note = base ? baseline.marks.get(ind.id) : rounding.marks.get(`${ind.id}:${year}`);
    return [
      text(`${year}年`, { header: true }),
      num(printed ? ind.baselineText : formatNumber(v?.value ?? null, ind.precision), { ...(printed ? {} : markOf(v)), ...(note ? { note } : {}) }),
      num(base ? MISSING : ind.isMaintain ? '保持类' : formatPercent(v?.completionProgress ?? null), noted(base ? undefined : rounding.progressMarks.get(`${ind.id}:${year}`))),
      num(formatPercent(v?.timeProgress ?? null)),
      base ? text('基期') : statusCell(v?.status ?? '无法评估', undefined, v),
      text(year === plan.targetYear ? (v?.verdict ?? MISSING) : (v?.outlook ?? MISSING)),
    ];
  });
  return {
    caption: `表 全区${ind.name.replace(/^全区/, '')}历年评价（单位：${unitOrRatio(ind)}）`,
    className: 'years',
    columns: [{ text: '年度' }, { text: '实际值', num: true }, { text: '完成进度', num: true }, { text: '时序进度', num: true }, { text: '进度评价' }, { text: '预判／结论' }],
    rows,
    notes: [
      `${plan.baselineYear}年数值为规划印发的基期值。实际值按规划的精度修约显示，完成进度和进度评价按未修约的数值计算。`, ...baseline.notes, ...rounding.notes,
      ...ctx.years.flatMap((year) => {
        const n = reconciledOutlookNote(plan, ind, index.get(year, geography.district.code, ind.id));
        return n ? [`${year}年的预判：${n}`] : [];
      }),
    ],
  };
}

/**
 * Every town with a value at the same figure in `year`, said instead of drawn as a row of equal
 * bars (report.md: no chart of a constant; a review: 21 bars of 100.0): `各镇街2025年均为1家，不绘制图表。`,
 * `有数据的21个镇街2025年均为100.0%，不绘制图表。`; null where they differ.
 */
export function townsAlike(towns: readonly Place[], index: ValueIndex, ind: Indicator, year: number): string | null {
  const spec = townSpec({ unit: ind.unit, precision: ind.precision });
  const known = towns.map((t) => index.get(year, t.code, ind.id)?.value).filter((x): x is number => x != null);
  if (known.length < 2 || !known.every((x) => formatFigure(spec, x) === formatFigure(spec, known[0]))) return null;
  return `${known.length === towns.length ? '各镇街' : `有数据的${known.length}个镇街`}${year}年均为${formatValue(spec, known[0])}，不绘制图表。`;
}

/** Towns × years, with a sparkline per town (ratio indicators: the district target as reference). */
function townHistory(ctx: SiteContext, ind: Indicator, from: string): LinkTable {
  const { geography, index, years } = ctx;
  const reference = ind.aggregation === 'ratio' ? ind.target : null;
  // In the towns' unit (人 where the district counts 万人), the district's total too
  const spec = townSpec({ unit: ind.unit, precision: ind.precision });
  const rows: Cell[][] = geography.towns.map((t) => {
    const vs = years.map((y) => index.get(y, t.code, ind.id));
    const spark = sparkline(vs.map((v) => v?.value ?? null), reference);
    return [
      link(t.name, linkFrom(from, townPath(t.code)), { header: true }),
      ...vs.map((v) => num(formatFigure(spec, v?.value ?? null), markOf(v))),
      spark ? { text: '', spark } : text(MISSING),
    ];
  });
  const districtValues = years.map((y) => index.get(y, geography.district.code, ind.id));
  const spark = sparkline(districtValues.map((v) => v?.value ?? null), reference);
  const closings = ctx.data ? indicatorClosings(ctx.plan, ctx.data, ind, geography.towns, ctx.latestYear) : [];
  return {
    ...(closings.length ? { notes: closings } : {}),
    foot: [[text('全区', { header: true }), ...districtValues.map((v) => num(formatFigure(spec, v?.value ?? null), markOf(v))), spark ? { text: '', spark } : text(MISSING)]],
    caption: `表 各镇街${ind.name.replace(/^全区/, '')}历年数值（单位：${spec.shift ? spec.unit : unitOrRatio(ind)}）`,
    className: 'town-history',
    sortable: true,
    columns: [{ text: '镇街' }, ...years.map((y) => ({ text: `${y}年`, num: true })), { text: '趋势', noSort: true }],
    rows,
  };
}

function sourcesTable(ind: Indicator, from: string): LinkTable {
  return {
    caption: '表 数据来源',
    columns: [{ text: '填报工作表' }, { text: '填报科室' }, { text: '校验后的数据' }],
    rows: ind.sourceSheets.map((name) => {
      const sheet = SHEET_BY_NAME.get(name);
      return [
        text(name, { header: true }),
        text(sheet?.department ?? MISSING),
        sheet ? link(`下载“${name}”数据`, linkFrom(from, `data/index.html#table-${sheet.table}`)) : text(MISSING),
      ];
    }),
  };
}

/**
 * Why a trend is not drawn: every year the same as printed, or a change too small for the chart's
 * axis, said with what the change was — `2022年为97.6%（未保持），其余各年均为100.0%` — not only
 * that it does not show (the site review read 显示不出来 beside 2022's 97.6 as saying nothing changed).
 */
function constantNote(ind: Indicator, series: readonly IndicatorValue[]): string {
  const known = series.filter((v) => v.value !== null);
  const shown = known.map((v) => formatValue(ind, v.value));
  const tail = '不绘制趋势图；各年数值和评价见下表。';
  if (known.length === 0) return `各年均无数值，${tail}`;
  const [first, last] = [known[0]!, known.at(-1)!];
  if (new Set(shown).size === 1) return `${first.year}—${last.year}年各年均为${shown[0]}，${tail}`;
  const small = '变化幅度很小，画成趋势图近乎一条水平线，';
  const count = (x: string) => shown.filter((y) => y === x).length;
  const mode = shown.reduce((a, b) => (count(b) > count(a) ? b : a));
  const others = known.filter((_, i) => shown[i] !== mode);
  const lost = (v: IndicatorValue) => (v.status === '未保持' ? '（未保持）' : '');
  if (count(mode) >= 2 && others.length <= 2) {
    return `${others.map((v) => `${v.year}年为${formatValue(ind, v.value)}${lost(v)}`).join('，')}，其余各年均为${mode}；${small}${tail}`;
  }
  const moved = last.value! > first.value! ? '升至' : last.value! < first.value! ? '降至' : '变化后回到';
  return `${first.year}—${last.year}年由${shown[0]}${moved}${shown.at(-1)}；${small}${tail}`;
}

function indicatorPage(ctx: SiteContext, ind: Indicator, downloads: Download[]): SitePageSpec {
  const { plan, geography, index, latestYear } = ctx;
  const path = indicatorPath(ind.id);
  const figures = new FigureCounter();
  const district = index.series(geography.district.code, ind.id);
  const latest = index.get(latestYear, geography.district.code, ind.id);
  const chapter = plan.chapterById.get(ind.sectionId);
  const inds = plan.indicators;
  const at = inds.indexOf(ind);
  const drawn = districtTrendWorthDrawing(ind, district);
  const sameForAll = townsAlike(geography.towns, ctx.index, ind, latestYear);
  const pagerLink = (other: Indicator | undefined) => (other ? { href: linkFrom(path, indicatorPath(other.id)), label: indicatorTitle(other) } : null);

  const notes: string[] = [];
  if (ind.isCumulative) notes.push(`累计性指标：统计${plan.period.start}年以来的累计数，基期值按 0 计算完成进度。`);
  if (ind.isMaintain) notes.push('保持类指标：目标值与基期值相同，不计算完成进度，按实际值是否不低于目标值评价为“已完成”或“未保持”。');
  if (ind.aggregation === 'ratio' && ind.level === 'DT') notes.push('全区数值按各镇街分子之和除以分母之和计算，不是镇街比率的平均数。');
  if (ind.level === 'DT') notes.push('规划未给镇街设定目标：比率类指标以全区目标为参照，总量类指标看占全区的比重。');

  const view: IndicatorPageView = {
    heading: indicatorTitle(ind),
    isBinding: ind.isBinding,
    kicker: `${ind.domain}${ind.subdomain ? ` · ${ind.subdomain}` : ''} · ${attributeText(ind)}指标`,
    facts: [
      { label: '单位', value: unitOrRatio(ind) },
      { label: '属性', value: attributeText(ind) },
      { label: `${plan.baselineYear}年基期值`, value: !ind.baselineText && ind.isCumulative ? '不适用（规划期内累计数）' : formatPrinted(ind, ind.baselineText) },
      { label: `${plan.targetYear}年目标值`, value: formatTarget(ind, { unit: true }) },
      { label: `${latestYear}年实际值`, value: formatValue(ind, latest?.value ?? null), ...markOf(latest) },
      // the period over, what counts is the verdict (the site review: 滞后 read as time still left)
      latestYear === plan.targetYear
        ? { label: '期末结论', value: latest?.verdict ?? MISSING, ...markOf(latest) }
        : { label: '进度评价', value: latest?.status ?? '无法评估', ...markOf(latest) },
      { label: '计算层级', value: levelText(ind) },
      { label: '规划章节', value: chapter ? `${ind.planSection} ${chapter.title}` : ind.planSection },
    ],
    definition: ind.definition,
    notes,
    sources: sourcesTable(ind, path),
    incomplete: ctx.values.some((v) => v.indicatorId === ind.id && markOf(v).mark) ? incompleteNote(path, { lineage: false }) : null,
    doubt: doubtfulSummary({ plan, geography, year: latestYear, values: ctx.index, doubtful: ctx.doubtful }, ind),
    paragraph: latest ? indicatorParagraph(plan, ind, latest, district) : null,
    tasks: openTasksText(ctx, ind, latest),
    // a constant is said, not drawn (report.md; the site review: 1所 every year on an axis of 0.75, 0.85…)
    trend: drawn ? trendFigure({ plan, ind, series: district, year: latestYear, placeName: '全区', figureNo: figures.next(), idPrefix: 'ind', phone: true }) : null,
    trendNote: drawn ? null : constantNote(ind, district),
    years: yearsTable(ctx, ind),
    towns:
      ind.level === 'DT' && geography.towns.length
        ? {
            // not ranked where the plan's facilities are the district's, counted in the town they stand in:
            // the reports leave it out of the towns' (report-facts meaningfulFor), and the page had named
            // towns without one 最低的是…（0张） (the final review)
            figure: ind.townScope === 'none' || sameForAll ? null : townFigure({ plan, ind, geography, values: ctx.values, year: latestYear, figureNo: figures.next(), idPrefix: 'ind', phone: true }),
            note: ind.townScope !== 'none' ? sameForAll : `本指标的设施多为区级，按所在镇街计入；规划未要求各镇街分别设置，镇街之间不作比较，各镇街报告不列本指标。下表只说明${ind.numeratorLabel?.name ?? '设施'}所在的镇街。`,
            history: townHistory(ctx, ind, path),
          }
        : null,
    downloads,
    pager: { prev: pagerLink(inds[at - 1]), next: pagerLink(inds[at + 1]) },
  };
  return {
    path,
    template: 'indicator',
    title: `${indicatorTitle(ind)} - 主要指标`,
    description: `${plan.title}${indicatorTitle(ind)}（${attributeText(ind)}指标）：定义与计算方法、${plan.targetYear}年目标、历年数值和进度评价${ind.level === 'DT' ? '、各镇街数值' : ''}，数据可下载。`,
    section: '主要指标',
    scripts: [TABLE_SORT_SCRIPT],
    breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: '主要指标', href: 'indicators/index.html' }, { label: indicatorTitle(ind) }],
    view,
  };
}

export interface IndicatorIndexView {
  intro: string;
  table: LinkTable;
  notes: string[];
}

function indexPage(ctx: SiteContext): SitePageSpec {
  const { plan, geography, index, latestYear } = ctx;
  const path = 'indicators/index.html';
  const final = latestYear === plan.targetYear;
  // a count with no baseline printed (—), a baseline the data give otherwise, a value printed at
  // its target while below it: each with its note (the site review: '—' said to be missing data)
  const baseline = baselineNotes(plan, index);
  const rounding = roundingNotes(plan, index, [latestYear], baseline.marks.size);
  const rows: Cell[][] = plan.indicators.map((ind) => {
    const v: IndicatorValue | undefined = index.get(latestYear, geography.district.code, ind.id);
    return [
      num(String(ind.id)),
      link(ind.name, linkFrom(path, indicatorPath(ind.id)), { header: true, star: ind.isBinding }),
      label(ind.domain),
      label(unitOrRatio(ind)),
      label(attributeText(ind)),
      num(ind.baselineText || (ind.isCumulative ? NOT_APPLICABLE : MISSING), noted(baseline.marks.get(ind.id))),
      num(formatTarget(ind)),
      num(formatNumber(v?.value ?? null, ind.precision), { ...markOf(v), ...noted(rounding.marks.get(`${ind.id}:${latestYear}`)) }),
      num(ind.isMaintain ? '保持类' : formatPercent(v?.completionProgress ?? null), noted(rounding.progressMarks.get(`${ind.id}:${latestYear}`))),
      // at the period's end the verdict alone: 进度评价 滞后 beside 期末结论 未完成 read as two judgements (the site review)
      ...(final ? [] : [statusCell(v?.status ?? '无法评估', undefined, v)]),
      label(final ? (v?.verdict ?? MISSING) : (v?.outlook ?? MISSING)),
    ];
  });
  const view: IndicatorIndexView = {
    intro: `规划共设${plan.indicators.length}项主要指标，其中约束性指标${plan.indicators.filter((i) => i.isBinding).length}项。下表为${latestYear}年全区的完成情况，点击指标名称查看定义、历年数值、各镇街数值和数据下载。`,
    table: {
      caption: `表 ${latestYear}年主要指标完成情况`,
      className: 'indicator-list',
      sortable: true,
      columns: [
        { text: '序号', num: true }, { text: '指标' }, { text: '领域' }, { text: '单位' }, { text: '属性' },
        { text: `${plan.baselineYear}年基期值`, num: true }, { text: `${plan.targetYear}年目标值`, num: true }, { text: `${latestYear}年实际值`, num: true },
        { text: '完成进度', num: true }, ...(final ? [] : [{ text: '进度评价' }]), { text: final ? '期末结论' : `${plan.targetYear}预判` },
      ],
      rows,
    },
    notes: [
      '注：带★的为约束性指标，其他为预期性指标。完成进度 =（实际值 − 基期值）÷（目标值 − 基期值）；目标值前的“≥”表示不低于。',
      `实际值按规划的精度修约显示，完成进度和${final ? '期末结论' : '进度评价'}按未修约的数值计算；“${MISSING}”表示缺少数据，不以零计${plan.indicators.some((i) => !i.baselineText && i.isCumulative) ? `；“${NOT_APPLICABLE}”表示不适用（规划期内累计数的基期值）` : ''}。评价方法见“方法与数据质量”。`,
      ...baseline.notes,
      ...rounding.notes,
      ...(plan.indicators.some((ind) => markOf(index.get(latestYear, geography.district.code, ind.id)).mark)
        ? [`标“${INCOMPLETE_MARK}”的数值和评价所用数据不完整（有填报数据未通过校验、缺报或文件无法读取），由通过校验的数据算出并照常评价，仅供参考；未计入的数据见各指标页的“数据来源”和“方法与数据质量”页。`]
        : []),
    ],
  };
  return { path, template: 'indicators', title: '主要指标', description: view.intro, section: '主要指标', scripts: [TABLE_SORT_SCRIPT], breadcrumbs: [{ label: '首页', href: 'index.html' }, { label: '主要指标' }], view };
}

/** Statuses of a year before the target year that ask why: behind, moving away, not held. */
const BEHIND = new Set(['滞后', '明显滞后', '逆向变化', '未保持']);

/**
 * A target not met at the period's end, or behind in a year before, with its unfinished key
 * tasks as the ledger gives them (state, progress, the 进展说明's cause), and where the report
 * says more: the page had given the gap and no why (the site review: 指标8's 还差50张 beside
 * nothing of the 二期工程 stopped by its 用地手续). Null otherwise, or without the ledger.
 */
function openTasksText(ctx: SiteContext, ind: Indicator, latest: IndicatorValue | undefined): string | null {
  const { plan, data, latestYear } = ctx;
  if (!data || !latest) return null;
  const final = latestYear === plan.targetYear;
  if (final ? latest.verdict === '完成' || latest.verdict === '无法评估' || latest.verdict == null : !BEHIND.has(latest.status ?? '')) return null;
  const open = tasksFor(ind, keyTasks(plan, data, latestYear), plan).filter((t) => taskState(t, latestYear) !== '已完成');
  if (!open.length) return null;
  // the cause as the ledger's, not the site's word (the report asks to check one of them against the facility returns)
  const said = open.map((task) => {
    const cause = taskCause(task);
    return `${taskSentence({ task, state: taskState(task, latestYear), cause: null }, latestYear)}${cause ? `，台账所报原因为“${cause}”` : ''}`;
  });
  const report = ctx.reports.find((r) => r.year === latestYear);
  return `相关重点任务${said.join('；')}。${report ? `原因分析和建议见${latestYear}年${final ? '总结评估' : '年度评估'}报告的“存在的主要问题”和“${final ? `‘${plan.nextEra}’时期的建议` : '下一步工作建议'}”。` : ''}`;
}

/** The index and the 32 indicator pages; `downloads` gives each indicator's download links (from its page). */
export function indicatorPages(ctx: SiteContext, downloads: (ind: Indicator, fromPath: string) => Download[]): SitePageSpec[] {
  return [indexPage(ctx), ...ctx.plan.indicators.map((ind) => indicatorPage(ctx, ind, downloads(ind, indicatorPath(ind.id))))];
}
