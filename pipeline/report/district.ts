/**
 * The district's annual evaluation report as a view: every heading, paragraph, table
 * cell and chart computed here, so the templates only lay out ready text. Follows the
 * plan's own chapters (第三部分 for tasks, 第四部分 for recommendations).
 */
import { statusTally, type IndicatorValue } from '../evaluate/evaluate.ts';
import { badge, type StatusBadge } from '../present/status.ts';
import { chineseNumeral, formatChange, formatTarget, formatNumber, formatPercent, formatPrinted, formatValue, MISSING } from '../basics/format.ts';
import type { Geography } from '../plan/geography.ts';
import { indicatorParagraph, overviewSentences, problemItems, recommendationItems } from '../present/narrative.ts';
import type { Chapter, Indicator, Plan } from '../plan/plan.ts';
import { FigureCounter, heatmapFigure, statusFigure, townFigure, trendFigure, type DataTable, type Figure } from '../present/figures.ts';
import type { DataQuality } from '../present/data-quality.ts';
import type { KeyTask } from '../evaluate/key-tasks.ts';

export interface Heading {
  id: string;
  text: string;
  /** 1 = the report's chapters (一、总体评价 …), 2, 3, 4 below. */
  level: number;
  /** HTML heading element: h2 for level 1 (h1 is the report title), at most h6. */
  tag: number;
}

export interface IndicatorRow {
  anchor: string;
  number: string;
  name: string;
  star: string;
  unit: string;
  attribute: string;
  baseline: string;
  target: string;
  value: string;
  completion: string;
  time: string;
  status: StatusBadge | null;
  outlook: string;
  /** Cells spanning several rows: 领域 and 子领域, as the plan's table groups them. */
  domainCell: { text: string; rowspan: number } | null;
  subdomainCell: { text: string; rowspan: number } | null;
}

export interface IndicatorBlock {
  heading: Heading;
  isBinding: boolean;
  paragraph: string;
  facts: { label: string; value: string }[];
  trend: Figure;
  towns: Figure | null;
  /** Printed under the towns' chart (its table is not printed): where the towns' numbers are. */
  townsNote: string | null;
  /** Printed from the top of a page (a town report gives each indicator its page). */
  pageStart?: boolean;
}

export interface TaskRow {
  id: string;
  name: string;
  lead: string;
  goal: string;
  deadline: string;
  status: string;
  progress: string;
  note: string;
}

export interface SectionView {
  heading: Heading;
  indicators: IndicatorBlock[];
  tasks: TaskRow[];
  /** Said when the section sets no quantitative indicator. */
  noIndicatorNote: string | null;
  noTaskNote: string | null;
  children: SectionView[];
  /** Printed from the top of a page (see `IndicatorBlock.pageStart`). */
  pageStart?: boolean;
}

export interface ReportView {
  lang: 'zh-CN';
  kind: 'district' | 'town';
  year: number;
  /** `大兴区“十四五”时期民政事业发展规划2023年度实施评估报告` */
  title: string;
  /** Running header of the printed pages. */
  runningHeader: string;
  cover: { lines: string[]; issuer: string; dataDate: string; note: string };
  toc: Heading[];
  overview: { heading: Heading; paragraphs: string[]; tallyTable: DataTable; figure: Figure; warnings: string[] };
  table: { heading: Heading; caption: string; columns: string[]; rows: IndicatorRow[]; notes: string[] };
  tasks: { heading: Heading; intro: string; sections: SectionView[] };
  problems: { heading: Heading; items: string[] };
  recommendations: { heading: Heading; intro: string; sections: { heading: Heading; items: string[] }[] };
  appendix: {
    heading: Heading;
    definitions: { heading: Heading; table: DataTable };
    method: { heading: Heading; paragraphs: string[]; table: DataTable };
    inconsistencies: { heading: Heading; items: string[] };
    baseline: { heading: Heading; intro: string; table: DataTable };
    quality: { heading: Heading; paragraphs: string[]; table: DataTable };
    towns: { heading: Heading; table: DataTable; figure: Figure } | null;
  };
  /** For the site's navigation: links to the other documents of the year. */
  links: {
    pdf: string | null;
    district: string | null;
    towns: { name: string; href: string }[];
    /** Above the list of the town reports (on screen only: the printed report stays as it was). */
    townsIntro: string;
  };
}

export interface ReportInput {
  plan: Plan;
  geography: Geography;
  year: number;
  values: readonly IndicatorValue[];
  tasks: readonly KeyTask[];
  quality: DataQuality;
  /** File name of the PDF, relative to the HTML page; null when no PDF is printed. */
  pdfHref: string | null;
  townHref: (code: string) => string;
}

export function reportTitle(plan: Plan, year: number, place?: string): string {
  return `${plan.title}${year}年度实施评估报告${place ? `（${place}）` : ''}`;
}

/** Headings with stable ids, counted so the TOC lists every one in order. */
export class HeadingList {
  readonly all: Heading[] = [];
  add(id: string, text: string, level: number): Heading {
    const h = { id, text, level, tag: Math.min(6, level + 1) };
    this.all.push(h);
    return h;
  }
}

export function taskRows(tasks: readonly KeyTask[], chapter: Chapter): TaskRow[] {
  return tasks
    .filter((t) => t.sectionId === chapter.id)
    .map((t) => ({
      id: t.id,
      name: t.name,
      lead: t.leadUnit,
      goal: t.goal || MISSING,
      deadline: t.deadline || MISSING,
      status: t.status,
      progress: t.progress === null ? MISSING : `${formatNumber(t.progress, 0)}%`,
      note: t.note || MISSING,
    }));
}

function districtRow(values: readonly IndicatorValue[], year: number, id: number): IndicatorValue | undefined {
  return values.find((v) => v.year === year && v.geoLevel === 'district' && v.indicatorId === id);
}

function attribute(ind: Indicator): string {
  return ind.isBinding ? '约束性' : '预期性';
}

/** The 32-indicator table, grouped by 领域/子领域 in the plan's order. */
function indicatorTable(plan: Plan, values: readonly IndicatorValue[], year: number): IndicatorRow[] {
  const rows: IndicatorRow[] = [];
  const inds = plan.indicators;
  for (let i = 0; i < inds.length; i++) {
    const ind = inds[i]!;
    const v = districtRow(values, year, ind.id);
    const sameDomain = (j: number) => inds[j]?.domain === ind.domain;
    const sameSub = (j: number) => sameDomain(j) && inds[j]?.subdomain === ind.subdomain;
    let domainCell = null;
    if (i === 0 || !sameDomain(i - 1)) {
      let n = 1;
      while (sameDomain(i + n)) n++;
      domainCell = { text: ind.domain, rowspan: n };
    }
    let subdomainCell = null;
    if (i === 0 || !sameSub(i - 1)) {
      let n = 1;
      while (sameSub(i + n)) n++;
      subdomainCell = { text: ind.subdomain || '—', rowspan: n };
    }
    const final = year === plan.targetYear;
    rows.push({
      anchor: `ind-${ind.id}`,
      number: String(ind.id),
      name: ind.name,
      star: ind.isBinding ? '★' : '',
      unit: ind.unit || '—',
      attribute: attribute(ind),
      baseline: ind.baselineText || MISSING,
      target: formatTarget(ind),
      value: formatNumber(v?.value ?? null, ind.precision),
      completion: ind.isMaintain ? '保持类' : formatPercent(v?.completionProgress ?? null),
      time: formatPercent(v?.timeProgress ?? null),
      status: badge(v?.status ?? '无法评估'),
      outlook: final ? (v?.verdict ?? MISSING) : (v?.outlook ?? MISSING),
      domainCell,
      subdomainCell,
    });
  }
  return rows;
}

/** How towns are judged, for the method appendices of both reports. */
export const TOWN_METHOD =
  '镇街层面规划未设目标：比率类指标以全区目标值为参照，判断是否达到全区目标水平；总量类指标报告其占全区的比重和较上年变化。全区比率类指标按各镇街分子之和除以分母之和计算（比值之和），不取镇街比率的平均数。';

export const ROUNDING_METHOD = '所有评价均按未修约的数值判定；显示时按规划指标表的精度，依 GB/T 8170 修约一次。';

/** Rows of the definitions appendix: 序号, 指标, 单位, 计算口径, 数据来源, 计算层级, 规划章节. */
export function definitionRows(inds: readonly Indicator[]): string[][] {
  return inds.map((i) => [String(i.id), `${i.isBinding ? '★' : ''}${i.name}`, i.unit || '—', i.definition, i.sourceSheets.join('、'), i.level === 'DT' ? '全区和镇街' : '仅全区', i.planSection]);
}

/** Town × indicator values of `year` (the indicators computed for towns), in the official order of towns. */
export function townValuesTable(plan: Plan, geography: Geography, values: readonly IndicatorValue[], year: number): DataTable {
  const townInds = plan.indicators.filter((i) => i.level === 'DT');
  const byKey = new Map(values.filter((v) => v.year === year && v.geoLevel === 'town').map((v) => [`${v.geoCode}|${v.indicatorId}`, v]));
  return {
    caption: `表 ${year}年各镇街指标值`,
    columns: ['镇街', ...townInds.map((i) => `${i.id} ${i.name}（${i.unit || '比值'}）`)],
    rows: geography.towns.map((t) => [t.name, ...townInds.map((i) => formatNumber(byKey.get(`${t.code}|${i.id}`)?.value ?? null, i.precision))]),
  };
}

/** Build the district report's view for `year`. */
export function districtReport(input: ReportInput): ReportView {
  const { plan, geography, values, year } = input;
  const H = new HeadingList();
  const figures = new FigureCounter();
  const yearValues = values.filter((v) => v.year <= year);
  const title = reportTitle(plan, year);
  const tally = statusTally(values, year);
  const ordinal = chineseNumeral(year - plan.baselineYear);

  // 一、总体评价
  const overviewHeading = H.add('overview', '一、总体评价', 1);
  const statusFig = statusFigure({ tally, figureNo: figures.next(), idPrefix: 'district', year });
  const warnings = plan.indicators
    .map((ind) => ({ ind, v: districtRow(values, year, ind.id) }))
    .filter(({ v }) => v?.isBindingWarning || v?.isBindingDataWarning)
    .map(({ ind, v }) => `★${ind.id} ${ind.name}：${v!.status}（${year}年实际值 ${formatValue(ind, v!.value)}，目标 ${formatPrinted(ind, ind.targetText)}）`);

  // 二、主要指标完成情况
  const tableHeading = H.add('indicators', '二、主要指标完成情况', 1);
  const rows = indicatorTable(plan, values, year);

  // 三、主要任务进展: the plan's 第三部分, every heading in order
  const tasksHeading = H.add('tasks', '三、主要任务进展', 1);
  const part3 = plan.parts.find((p) => p.number === '第三部分')!;
  const section = (ch: Chapter, level: number): SectionView => {
    const heading = H.add(`sec-${ch.id}`, ch.number + ch.title, level);
    const blocks = ch.indicatorIds.map((id) => {
      const ind = plan.indicatorById.get(id)!;
      const v = districtRow(values, year, id);
      const history = yearValues.filter((x) => x.geoLevel === 'district' && x.indicatorId === id).sort((a, b) => a.year - b.year);
      const blockHeading = H.add(`ind-${id}-detail`, `${ind.isBinding ? '★' : ''}指标${id} ${ind.name}`, level + 1);
      const trend = trendFigure({ plan, ind, series: history, year, placeName: '全区', figureNo: figures.next(), idPrefix: 'district' });
      const towns = ind.level === 'DT' ? townFigure({ plan, ind, geography, values, year, figureNo: figures.next(), idPrefix: 'district' }) : null;
      const prev = districtRow(values, year - 1, id);
      const block: IndicatorBlock = {
        heading: blockHeading,
        isBinding: ind.isBinding,
        paragraph: v ? indicatorParagraph(plan, ind, v, history) : `${ind.name}本年度无数据，无法评估。`,
        facts: [
          { label: `${year}年实际值`, value: formatValue(ind, v?.value ?? null) },
          { label: `${plan.baselineYear}年基期值`, value: formatPrinted(ind, ind.baselineText) },
          { label: `${plan.targetYear}年目标值`, value: formatTarget(ind, { unit: true }) },
          { label: '较上年', value: formatChange(ind, prev?.value ?? null, v?.value ?? null) },
          { label: '进度评价', value: v?.status ?? '无法评估' },
        ],
        trend,
        towns,
        townsNote: towns ? '各镇街数据见附录六。' : null,
      };
      return block;
    });
    const children = ch.children.map((c) => section(c, level + 1));
    const tasks = taskRows(input.tasks, ch);
    return {
      heading,
      indicators: blocks,
      tasks,
      noIndicatorNote: blocks.length === 0 && children.length === 0 ? '本节未设置量化指标，以重点任务推进情况反映进展。' : null,
      noTaskNote: tasks.length === 0 && children.length === 0 ? '重点任务台账中本节暂无登记任务。' : null,
      children,
    };
  };
  const sections = part3.children.map((c) => section(c, 2));

  // 四、存在问题
  const problemsHeading = H.add('problems', '四、存在问题', 1);
  const incomplete = values.filter((v) => v.year === year && v.geoLevel === 'district' && !v.isComplete);
  const townGaps = values
    .filter((v) => v.year === year && v.geoLevel === 'town' && v.benchmark !== null)
    .map((v) => ({ townName: geography.byCode.get(v.geoCode)?.name ?? v.geoCode, value: v }));
  const problems = problemItems(plan, yearValues, input.quality, incomplete, townGaps);

  // 五、下一步工作建议: the plan's 第四部分 保障措施
  const recHeading = H.add('recommendations', '五、下一步工作建议', 1);
  const recs = recommendationItems(plan, yearValues).map((r) => ({ heading: H.add(`rec-${r.chapterId}`, r.heading, 2), items: r.items }));

  // 附录
  const appendixHeading = H.add('appendix', '附录', 1);
  const defHeading = H.add('appendix-definitions', '附录一 指标定义与计算口径', 2);
  const methodHeading = H.add('appendix-method', '附录二 评价方法', 2);
  const incHeading = H.add('appendix-inconsistencies', '附录三 规划文本与指标表不一致之处', 2);
  const baseHeading = H.add('appendix-baseline', `附录四 ${plan.baselineYear}年基期值与计算值对照`, 2);
  const qualityHeading = H.add('appendix-quality', '附录五 数据质量', 2);
  const townsHeading = H.add('appendix-towns', `附录六 ${year}年各镇街指标一览`, 2);
  const townTable = townValuesTable(plan, geography, values, year);

  const q = input.quality;
  return {
    lang: 'zh-CN',
    kind: 'district',
    year,
    title,
    runningHeader: `${plan.region}“十四五”民政规划${year}年度实施评估报告`,
    cover: {
      lines: [plan.title, `${year}年度实施评估报告`],
      issuer: plan.issuers[plan.issuers.length - 1]!,
      dataDate: `数据截至${year}年12月31日`,
      note: `规划期${plan.period.start}—${plan.period.end}年，本报告为实施第${ordinal}年的年度评估`,
    },
    toc: H.all,
    overview: {
      heading: overviewHeading,
      paragraphs: overviewSentences(plan, yearValues),
      tallyTable: statusFig.table,
      figure: statusFig,
      warnings,
    },
    table: {
      heading: tableHeading,
      caption: `表1 “十四五”时期${plan.region}民政事业发展主要指标${year}年完成情况`,
      columns: ['领域', '子领域', '序号', '指标', '单位', '属性', `${plan.baselineYear}年基期值`, `${plan.targetYear}年目标值`, `${year}年实际值`, '完成进度', '时序进度', '进度评价', year === plan.targetYear ? '期末结论' : `${plan.targetYear}预判`],
      rows,
      notes: [
        '注：带★的指标为约束性指标，其他为预期性指标。完成进度 =（实际值 − 基期值）÷（目标值 − 基期值）；时序进度 =（评估年度 − 基期年）÷ 规划期年数。',
        '保持类指标（目标值与基期值相同）不计算完成进度，按是否保持目标水平评价。数值按 GB/T 8170 修约（四舍六入五成双），评价按未修约数值判定。',
        `“${MISSING}”表示缺少数据，不以零计。`,
      ],
    },
    tasks: {
      heading: tasksHeading,
      intro: `按照规划${part3.number}${part3.title}的结构，逐项报告主要指标和重点任务的进展情况。`,
      sections,
    },
    problems: { heading: problemsHeading, items: problems },
    recommendations: {
      heading: recHeading,
      intro: `对照规划第四部分“保障措施”，提出下一步工作建议。`,
      sections: recs,
    },
    appendix: {
      heading: appendixHeading,
      definitions: {
        heading: defHeading,
        table: {
          caption: '表 指标定义、计算口径和数据来源',
          columns: ['序号', '指标', '单位', '计算口径', '数据来源（工作表）', '计算层级', '规划章节'],
          rows: definitionRows(plan.indicators),
        },
      },
      method: {
        heading: methodHeading,
        paragraphs: [
          `时序进度 T =（评估年度 − ${plan.baselineYear}）÷ ${plan.targetYear - plan.baselineYear}；完成进度 P =（实际值 − 基期值）÷（目标值 − 基期值），累计性指标基期值按 0 计；进度比 R = P ÷ T。`,
          '实际值达到目标值的，评为“已完成”（${plan.targetYear}年前达到的为提前完成）；其余按进度比评价，见下表。保持类指标（目标值等于基期值）按实际值是否不低于目标值评为“已完成”或“未保持”。'.replace('${plan.targetYear}', String(plan.targetYear)),
          '约束性指标评价为“滞后”“明显滞后”“逆向变化”或“未保持”的，列为预警；缺少数据的约束性指标另列数据预警。',
          `${plan.targetYear}预判：自${plan.baselineYear + 2}年起，以${plan.baselineYear}年至评估年度的数值拟合线性趋势，推算${plan.targetYear}年的完成进度：不低于95%为“预计可完成”，10%—95%为“需加快”，低于10%为“难以完成”。规划末年给出期末结论：约束性指标为完成/未完成，预期性指标为完成/基本完成（完成进度不低于95%）/未完成。`,
          TOWN_METHOD,
          ROUNDING_METHOD,
        ],
        table: {
          caption: '表 进度评价标准',
          columns: ['条件', '进度评价'],
          rows: [
            ['实际值 ≥ 目标值', '已完成'],
            ['R ≥ 1', '快于时序进度'],
            ['0.95 ≤ R < 1', '基本符合进度'],
            ['0.60 ≤ R < 0.95', '滞后'],
            ['0 ≤ R < 0.60', '明显滞后'],
            ['P < 0', '逆向变化'],
            ['保持类指标，实际值 < 目标值', '未保持'],
            ['缺少数据', '无法评估'],
          ],
        },
      },
      inconsistencies: {
        heading: incHeading,
        items: [
          '指标8“区级精神卫生福利床位数”：规划指标表的目标为150张（总床位数）；规划正文则表述为建成一所不少于100张床位的精神卫生福利机构。本报告按指标表的150张评价。',
          '指标24“实名注册志愿者占常住人口的比例”：规划指标表的2020年基期值为16%；而规划第一部分回顾“十三五”时期时称实名注册志愿者占常住人口的40%。两者口径不一致，本报告按指标表的16%评价，并在附录四列出2020年数据的计算值。',
        ],
      },
      baseline: {
        heading: baseHeading,
        intro: `规划指标表的${plan.baselineYear}年数值是法定基期值，评价以它为准；下表同时列出按${plan.baselineYear}年填报数据计算的结果，以便发现口径差异。`,
        table: {
          caption: `表 ${plan.baselineYear}年基期值与计算值`,
          columns: ['序号', '指标', '规划基期值', '填报数据计算值', '差异'],
          rows: plan.indicators.map((i) => {
            const v = districtRow(values, plan.baselineYear, i.id);
            const computed = v?.value ?? null;
            const diff = computed === null || i.baseline === null ? MISSING : formatNumber(computed - i.baseline, i.precision);
            return [String(i.id), i.name, formatPrinted(i, i.baselineText), formatValue(i, computed), diff];
          }),
        },
      },
      quality: {
        heading: qualityHeading,
        paragraphs: [
          `本年度评估使用${q.years}个年度的填报数据：工作簿${q.files}个，读取数据${formatNumber(q.rowsRead)}行，载入${formatNumber(q.rowsLoaded)}行，拒绝${formatNumber(q.rowsRejected)}行${q.filesRejected ? `，整个拒绝的文件${q.filesRejected}个` : ''}；警告${q.warnings}处。`,
          q.acceptedRejects
            ? '本次构建在存在被拒绝数据的情况下发布（--accept-rejects），受影响的指标值标为缺数据，详见数据质量页面。'
            : q.rowsRejected + q.filesRejected === 0 ? '全部数据通过校验，无被拒绝的数据。' : '存在被拒绝的数据。',
          `${year}年全区指标中缺少数据、无法评估的共${incomplete.length}项。`,
        ],
        table: q.byRule,
      },
      towns: geography.towns.length
        ? { heading: townsHeading, table: townTable, figure: heatmapFigure({ plan, geography, values, year, figureNo: figures.next(), idPrefix: 'district' }) }
        : null,
    },
    links: {
      pdf: input.pdfHref,
      district: null,
      towns: geography.towns.map((t) => ({ name: t.name, href: input.townHref(t.code) })),
      townsIntro: `${year}年度各镇街分报告（${formatNumber(geography.towns.length)}个镇街，逐项对照全区水平和全区目标）：`,
    },
  };
}
