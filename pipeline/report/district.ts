/**
 * The district's evaluation reports as documents (report.md): the annual evaluation
 * (2021–2024, the default), its mid-term framing (`--edition midterm`, 2023), and the final
 * evaluation of the whole period (总结评估, the plan's last year). Each chapter's prose
 * comes from present/ (overview, progress, themes, advice, final-text); this module orders
 * them into the 公文 structure and adds the tables and the few charts that say more than
 * the tables.
 */
import { MISSING, chineseNumeral, formatNumber, formatTarget } from '../basics/format.ts';
import { WARNING_STATUSES, statusTally } from '../evaluate/evaluate.ts';
import { advicePart } from './advice-part.ts';
import { adviceDeadline, recommendations } from '../present/advice.ts';
import { doubtfulNote } from '../present/doubtful.ts';
import { isMarked, valueCauses } from '../present/incomplete.ts';
import { absentTownsText } from '../present/absent-towns.ts';
import { districtTrendWorthDrawing, FigureCounter, statusFigure, trendFigure } from '../present/figures.ts';
import { lessons, nextPlanAdvice, proposalBasis, proposalRules, systemAchievements, unfinishedTaskCauses, type NextPlanAdvice } from '../present/final-text.ts';
import { allIncomplete, annualOverview, finalOverview, warningItem } from '../present/overview.ts';
import { items, names, quote } from '../present/phrases.ts';
import { chapterParagraphs, systemParagraph } from '../present/progress.ts';
import type { RecommendationText } from '../present/recommendations.ts';
import { coverDate, districtValue, ledgerMissing, subtree, taskSystems, type Edition, type ReportFacts } from '../present/report-facts.ts';
import { grossTownGapsText, problemThemes } from '../present/themes.ts';
import { districtAppendix } from './appendix.ts';
import { EDITION_NAMES, Headings, para, section, type Block, type DocSection, type ReportDocument } from './document.ts';
import type { PassageSource } from './passages-hook.ts';
import { indicatorTable, recordTable } from './tables.ts';
import { townSplit } from './town-split.ts';
import type { Plan } from '../plan/plan.ts';

export interface DistrictReportInput {
  facts: ReportFacts;
  recommendationText: RecommendationText;
  passages: PassageSource;
  /** File name of the PDF relative to the page; null when no PDF is printed. */
  pdfHref: string | null;
  townHref: (code: string) => string;
}

/** The report's title: `大兴区“十四五”时期民政事业发展规划2023年度实施评估报告`. */
export function reportTitle(plan: { title: string }, year: number, edition: Edition, place?: string): string {
  const name = edition === 'annual' ? `${year}年度实施评估报告` : EDITION_NAMES[edition];
  return `${plan.title}${name}${place ? `（${place}）` : ''}`;
}

/** The edition a year gets by default: the final evaluation in the plan's last year, else annual. */
export function defaultEdition(plan: { targetYear: number }, year: number): Edition {
  return year >= plan.targetYear ? 'final' : 'annual';
}

function cover(f: ReportFacts, title: string): ReportDocument['cover'] {
  const { plan, year, edition } = f;
  const name = edition === 'annual' ? `${year}年度实施评估报告` : EDITION_NAMES[edition];
  return {
    lines: [plan.title, name],
    subtitle: edition === 'final' ? `（${plan.period.start}—${plan.period.end}年）` : edition === 'midterm' ? `（${plan.period.start}—${year}年）` : null,
    issuer: plan.issuers[plan.issuers.length - 1]!,
    date: coverDate(f),
    dataNote: `数据截至${year}年12月31日`,
  };
  void title;
}

/** Whether an indicator gets a trend chart: one the report is concerned about (behind schedule) whose years the tables cannot show. */
function trendWorthIt(f: ReportFacts, id: number): boolean {
  const ind = f.plan.indicatorById.get(id)!;
  const v = districtValue(f, ind);
  if (!v?.status || !(WARNING_STATUSES as readonly string[]).includes(v.status)) return false;
  return districtTrendWorthDrawing(ind, f.values.districtSeries(id, f.year));
}

/**
 * The numbers of the trend charts, in the order the chapters show them (`groups`), taken from
 * `figures`: numbered before the text is written, so that the text can point to them (见图3).
 */
function trendNumbers(f: ReportFacts, groups: readonly (readonly number[])[], figures: FigureCounter): Map<number, number> {
  const numbers = new Map<number, number>();
  for (const id of groups.flat()) if (!numbers.has(id) && trendWorthIt(f, id)) numbers.set(id, figures.next());
  return numbers;
}

/** The trend charts of a chapter's indicators, numbered as trendNumbers numbered them. */
function trendBlocks(f: ReportFacts, indicatorIds: readonly number[]): Block[] {
  return indicatorIds.flatMap((id): Block[] => {
    const figureNo = f.trendFigures?.get(id);
    if (figureNo === undefined) return [];
    const ind = f.plan.indicatorById.get(id)!;
    const series = f.values.districtSeries(id, f.year);
    // a phone's own rendering too: the 600 px chart in a scrolling box showed a phone reader 2020–2023,
    // not the year, the target or the legend (the site review); the PDF prints the first
    return [{ figure: { figure: trendFigure({ plan: f.plan, ind, series, year: f.year, placeName: '全区', figureNo, idPrefix: 'district', phone: true }), printTable: false } }];
  });
}

/** 三、主要任务进展: the plan's 第三部分 headings, renumbered under the report's chapter. */
function progressChapter(f: ReportFacts, H: Headings, passages: PassageSource): DocSection {
  const head = H.add('tasks', '主要任务进展', 1);
  const systems = taskSystems(f.plan).map((system) => {
    const h = H.add(`sec-${system.id}`, system.title, 2);
    const blocks: Block[] = [para(systemParagraph(f, system)), ...passages(`tasks/${system.id}`)];
    const children = system.children.map((ch) => {
      const hc = H.add(`sec-${ch.id}`, ch.title, 3);
      return section(hc, [...chapterParagraphs(f, ch).map(para), ...subtree(ch).flatMap((c) => passages(`tasks/${c.id}`)), ...trendBlocks(f, ch.indicatorIds)]);
    });
    return section(h, blocks, children);
  });
  return section(head, [para(`按照规划第三部分“主要任务”的结构，报告${f.year}年各项主要指标和重点任务的进展。各项指标的数值见表1。`)], systems);
}

/**
 * What the problems chapter cannot see for want of data: the indicators without a value, the
 * ledger not sent — `2025年31项主要指标缺少数据、无法评估，重点任务台账未报送`; null when
 * nothing is missing. Without it, a chapter with no theme read '均已完成，未发现需要专门列出的问题'
 * of a final year with 31 of 32 indicators missing.
 */
function missingData(f: ReportFacts): { what: string; none: boolean } | null {
  const unjudged = f.plan.indicators.filter((ind) => (districtValue(f, ind)?.value ?? null) === null);
  const noLedger = ledgerMissing(f);
  if (!unjudged.length && !noLedger) return null;
  const what = [unjudged.length ? `${items(unjudged.length)}主要指标缺少数据、无法评估` : null, noLedger ? '重点任务台账未报送' : null].filter(Boolean).join('，');
  return { what: `${f.year}年${what}`, none: unjudged.length === f.plan.indicators.length };
}

function problemsChapter(f: ReportFacts, H: Headings, themes: ReturnType<typeof problemThemes>, passages: PassageSource, title: string): DocSection {
  const head = H.add('problems', title, 1);
  const final = f.year >= f.plan.targetYear;
  const intro = themes.length
    ? (final
      ? `对照规划目标，规划实施中主要存在以下${chineseNumeral(themes.length)}方面问题。${unfinishedTaskCauses(f) ?? ''}`
      : `对照规划目标和时序进度，${f.year}年规划实施主要存在以下${chineseNumeral(themes.length)}方面问题。`)
    : (final
      ? '对照规划目标，规划确定的指标和重点任务均已完成，未发现需要专门列出的问题。'
      : `对照规划目标和时序进度，${f.year}年各项指标和重点任务均达到进度要求，未发现需要专门列出的问题。`);
  const gross = grossTownGapsText([...new Set(themes.flatMap((t) => t.grossTownGaps ?? []))]);
  const missing = missingData(f);
  const again = final ? '（见六）' : '';
  const said = !missing
    ? intro
    : themes.length
      ? `${intro}此外，${missing.what}，相关问题需补齐数据${again}后再作判断。`
      : `对照规划目标${final ? '' : '和时序进度'}，${missing.what}；${missing.none ? '无法判断存在的问题' : '有数据的指标和任务中未发现需要专门列出的问题'}，需先补齐数据${again}，重新评估。`;
  return section(head, [para(`${said}${gross}`), ...passages('problems')], themes.map((t) => section(H.add(`problem-${t.key}`, t.title, 2), t.paragraphs.map(para))));
}

/** The annual (or mid-term) district report. */
export function annualReport(input: DistrictReportInput): ReportDocument {
  const { plan, year } = input.facts;
  const H = new Headings();
  const figures = new FigureCounter();
  // 图1 is the statuses' chart of 一; the trend charts of 三 follow, by chapter
  const statusNo = figures.next();
  const f: ReportFacts = { ...input.facts, trendFigures: trendNumbers(input.facts, taskSystems(plan).flatMap((s) => s.children.map((ch) => ch.indicatorIds)), figures) };
  const title = reportTitle(plan, year, f.edition);
  const passages = input.passages;

  // 一、总体评价
  const overviewHead = H.add('overview', '总体评价', 1);
  const warned = plan.indicators.map((ind) => ({ ind, v: districtValue(f, ind) })).filter((x) => x.v?.isBindingWarning || x.v?.isBindingDataWarning);
  const overviewBlocks: Block[] = annualOverview(f, statusNo).map(para);
  overviewBlocks.push(...passages('overview'));
  if (warned.length) {
    overviewBlocks.push({
      callout: {
        title: '约束性指标预警',
        tone: 'warning',
        // a warning judged on incomplete data says so (evaluation.md: never raised without the mark)
        items: warned.map(({ ind, v }) => warningItem(f, ind, v!)),
      },
    });
  }
  overviewBlocks.push({ figure: { figure: statusFigure({ tally: statusTally(f.values.values, year), figureNo: statusNo, idPrefix: 'district', year, phone: true }), printTable: false } });

  // 二、主要指标完成情况
  const tableHead = H.add('indicators', '主要指标完成情况', 1);
  const table = indicatorTable(f, `表1 ${plan.region}“${plan.era}”时期民政事业发展主要指标${year}年完成情况`);

  // 三、主要任务进展
  const progress = progressChapter(f, H, passages);

  // 四、存在问题; 五、下一步工作建议
  const themes = problemThemes(f);
  const problems = problemsChapter(f, H, themes, passages, '存在问题');
  const recs = recommendations(f, themes, input.recommendationText);
  const adviceTitle = f.edition === 'midterm' ? '规划后半程工作建议' : '下一步工作建议';
  // without data there is nothing to say is on schedule (an empty year had read '均达到进度要求，按既定计划继续推进')
  const missing = missingData(f);
  const advice = advicePart(H, adviceTitle, recs, `针对上述问题，按照规划第四部分“保障措施”的要求，提出以下建议，时限为${adviceDeadline(f)}前。`, passages('recommendations'),
    missing ? `${missing.what}。建议有关科室尽快补报缺少的报表，补齐后重新评估，再提出针对性建议。` : undefined);

  const sections: DocSection[] = [
    section(overviewHead, overviewBlocks),
    section(tableHead, [{ table }]),
    progress,
    problems,
    advice,
    districtAppendix(f, H),
  ];
  return {
    lang: 'zh-CN',
    kind: 'district',
    edition: f.edition,
    year,
    title,
    runningHeader: `${plan.shortTitle}${f.edition === 'annual' ? `${year}年度实施评估报告` : EDITION_NAMES[f.edition]}`,
    cover: cover(f, title),
    toc: H.toc,
    sections,
    links: {
      pdf: input.pdfHref,
      district: null,
      towns: f.geography.towns.map((t) => ({ name: t.name, href: input.townHref(t.code) })),
      townsIntro: `${year}年各镇街报告（${formatNumber(f.geography.towns.length)}个镇街）：`,
    },
  };
}

/** The final evaluation of the plan period (总结评估). */
export function finalReport(input: DistrictReportInput): ReportDocument {
  const { plan, year } = input.facts;
  const H = new Headings();
  // the trend charts of 三, by 体系, numbered first for the text to point to them
  const f: ReportFacts = { ...input.facts, trendFigures: trendNumbers(input.facts, taskSystems(plan).flatMap((s) => s.children.map((ch) => ch.indicatorIds)), new FigureCounter()) };
  const title = reportTitle(plan, year, 'final');
  const passages = input.passages;

  // 一、规划实施总体情况
  const s1 = section(H.add('overview', '规划实施总体情况', 1), [...finalOverview(f).map(para), ...passages('overview')]);

  // 二、主要指标完成情况
  const s2 = section(H.add('indicators', '主要指标完成情况', 1), [
    para(`下表列出${plan.indicators.length}项主要指标${plan.baselineYear}—${year}年的数值和完成情况；未完成的指标在“情况说明”中给出距目标的绝对差距。`),
    { table: recordTable(f, `表1 ${plan.region}“${plan.era}”时期民政事业发展主要指标完成情况（${plan.baselineYear}—${year}年）`) },
    ...passages('indicators'),
  ], [], 'wide-page landscape');

  // 三、主要任务完成情况及成效
  const s3head = H.add('achievements', '主要任务完成情况及成效', 1);
  const systems = taskSystems(plan).map((system) => section(
    H.add(`sec-${system.id}`, system.title, 2),
    [
      ...systemAchievements(f, system).map(para),
      // The office's passages on the system and on each of its chapters (主要成效-养老服务.md)
      ...subtree(system).flatMap((c) => passages(`achievements/${c.id}`)),
      ...trendBlocks(f, system.children.flatMap((c) => c.indicatorIds)),
    ],
  ));
  const s3 = section(s3head, [para(`按照规划第三部分“主要任务”的五大体系，总结${plan.period.start}—${year}年的完成情况和成效。`), ...passages('achievements')], systems);

  // 四、存在的主要问题
  const themes = problemThemes(f);
  const s4 = problemsChapter(f, H, themes, passages, '存在的主要问题');

  // 五、经验与启示
  const ls = lessons(f);
  const s5head = H.add('lessons', '经验与启示', 1);
  const s5 = section(s5head, [...passages('lessons'), ...(ls.length ? [] : [para('规划期内的数据和任务台账未显示出可归纳的共性做法；经验总结以评估办公室的文字为准。')])], ls.map((l, i) => section(H.add(`lesson-${i + 1}`, l.title, 2), [para(l.text)])));

  // 六、“十五五”时期的建议
  const advice = nextPlanAdvice(f, input.recommendationText);
  const s6head = H.add('next-plan', `“${plan.nextEra}”时期的建议`, 1);
  const next: DocSection[] = [];
  // the targets not judged for want of data under a sentence of their own: not among what 'is unfinished'
  const carried: Block[] = advice.carryOver.length
    ? [para(`以下目标和任务在“${plan.era}”期末尚未完成，建议纳入“${plan.nextEra}”规划接续推进${carryIntro(plan, advice)}：`), { list: { items: advice.carryOver, ordered: true } }]
    : advice.toJudge.length ? [] : [para(`“${plan.era}”规划的目标和重点任务已全部完成。`)];
  if (advice.toJudge.length) carried.push(para(`以下目标${year}年缺少计算所需的数据，期末是否完成尚无法评估，建议先补报数据、重新评估，再确定是否接续推进：`), { list: { items: advice.toJudge, ordered: true } });
  next.push(section(H.add('next-carry', '接续推进未完成的目标和任务', 2), carried));
  const setting: Block[] = [];
  const open = advice.proposals.filter((p) => p.proposed === null);
  setting.push(para(`建议保留${advice.keep.length}项指标${open.length ? `（其中${names(open.map((p) => p.ind))}是否设“${plan.nextEra}”目标按新一轮工作部署确定）` : ''}${advice.drop.length ? `，调出${advice.drop.length}项` : ''}${advice.rebase.length ? `，核实${advice.rebase.length}项指标的基期口径` : ''}${advice.redefine.length ? `，统一${advice.redefine.length}项指标的口径` : ''}${advice.split.length ? `，调整${advice.split.length}项指标的口径` : ''}${advice.raise.length ? `，${advice.raise.length}项指标原目标明显偏低、按实际水平确定新目标` : ''}；各项保留指标的“${plan.nextEra}”目标建议见表2。`));
  // indicators with the same reason in one item (two 统一口径 items read the same sentence twice)
  const itemsOf = (label: string, xs: { ind: { id: number; name: string }; why: string }[]) => {
    const byWhy = new Map<string, { id: number; name: string }[]>();
    for (const x of xs) byWhy.set(x.why, [...(byWhy.get(x.why) ?? []), x.ind]);
    return [...byWhy].map(([why, inds]) => `${label}${inds.map((i) => `指标${i.id}${quote(i.name)}`).join('、')}：${why}。`);
  };
  // the baselines the data disagree with: one item, one piece of advice for the next plan
  const rebase = advice.rebase.length
    ? [`核实基期口径：${advice.rebase.map((x) => `指标${x.ind.id}${quote(x.ind.name)}（${x.why}）`).join('；')}。建议“${plan.nextEra}”规划的基期值由同一口径的填报数据测算，并同时公布数量和分母，说明与以往公布数的差异。`]
    : [];
  // one numbered list under （二）, as 公文 numbers the items below a （一） heading (1. 2. …)
  const changes = [...itemsOf('调出：', advice.drop), ...rebase, ...itemsOf('统一口径：', advice.redefine), ...itemsOf('调整口径：', advice.split), ...itemsOf('提高目标：', advice.raise)];
  if (changes.length) setting.push({ list: { items: changes, ordered: true } });
  next.push(section(H.add('next-indicators', '优化规划指标体系', 2), setting));
  next.push(section(H.add('next-targets', '主要指标目标建议', 2), [
    // the rules numbered, not one sentence of 150 characters (review)
    para(`按${plan.baselineYear}—${year}年的年均变化推算${plan.targetYear + (plan.targetYear - plan.baselineYear)}年的水平，测算过程见表2，供编制“${plan.nextEra}”规划时参考。测算遵循以下规则：`),
    { list: { items: proposalRules(plan, advice.proposals), ordered: true } },
    {
      table: {
        caption: `表2 “${plan.nextEra}”时期主要指标目标测算`,
        // the plan's own target and kind beside the proposal: a director deciding on the next plan's
        // targets had to turn back to 表1 for both (a director's reading of the final evaluation)
        columns: ['序号', '指标', '属性', `${plan.targetYear}年目标`, `${year}年实际值`, `建议${plan.targetYear + (plan.targetYear - plan.baselineYear)}年目标`, '测算方法'],
        // every indicator in the plan's order, one proposed for dropping with why (a 序号 missing
        // from 11 to 13 read as a row lost: the second review)
        rows: [
          // a target reckoned from a figure the department is asked to check says so; one from a figure
          // without a town, which towns (the final review: 24.8 % for 2030 from 21 towns, unsaid in 表2)
          ...advice.proposals.map((p) => {
            const absent = absentTownsText(f, p.ind);
            // rows or sheets of its own rejected: said on its row even where every figure is marked for the files not read
            // (the review of the flawed sample: 210 beds kept for 2030 without the rejected rows' beds, unsaid)
            const rejected = valueCauses(f.lost ?? [], f.geography, year, p.ind.id, null).some((c) => c.kind === 'row' || c.kind === 'sheet');
            const caveat = absent
              ? `；${year}年数值${absent}，数据补齐后需复核`
              : rejected ? `；${year}年有未通过校验的数据未计入（见附录四），数据更正后需复核`
                : isMarked(districtValue(f, p.ind)) && !allIncomplete(f) ? `；${year}年数据不完整（见表1注），测算仅供参考` : '';
            return { ind: p.ind, value: p.to.value, proposed: p.proposed, basis: `${proposalBasis(p)}${caveat}` };
          }),
          // kept without a proposal: a figure its department is asked to check is not reckoned from
          ...advice.keep.filter((ind) => !advice.proposals.some((p) => p.ind.id === ind.id)).map((ind) => {
            const doubt = doubtfulNote(f, ind);
            return { ind, value: districtValue(f, ind)?.value, proposed: null, basis: doubt ? `${doubt}（见附录四）；核实前不作测算，核实后按上述规则测算` : '数据不足，不作测算' };
          }),
          ...advice.drop.map((d) => ({ ind: d.ind, value: districtValue(f, d.ind)?.value, proposed: null, basis: d.why })),
        ].sort((a, b) => a.ind.id - b.ind.id).map((r) => [
          { text: String(r.ind.id), num: true },
          { text: `${r.ind.name}（${r.ind.unit || '比值'}）`, header: true },
          { text: r.ind.isBinding ? '约束性' : '预期性' },
          { text: formatTarget(r.ind), num: true },
          { text: formatNumber(r.value, r.ind.precision), num: true },
          { text: r.proposed === null ? MISSING : formatNumber(r.proposed, r.ind.precision), num: true, strong: r.proposed !== null },
          { text: r.basis },
        ]),
        className: 'compact proposals',
      },
    },
  ]));
  next.push(section(H.add('next-towns', '目标分解到镇街', 2), townSplit(f, advice.proposals)));
  const s6 = section(s6head, [...passages('next-plan')], next);
  const appendix = districtAppendix(f, H);

  return {
    lang: 'zh-CN',
    kind: 'district',
    edition: 'final',
    year,
    title,
    runningHeader: `${plan.shortTitle}${EDITION_NAMES.final}`,
    cover: cover(f, title),
    sections: [s1, s2, s3, s4, s5, s6, appendix],
    toc: H.toc,
    links: {
      pdf: input.pdfHref,
      district: null,
      towns: f.geography.towns.map((t) => ({ name: t.name, href: input.townHref(t.code) })),
      townsIntro: `各镇街“${plan.era}”时期实施情况（${formatNumber(f.geography.towns.length)}个镇街）：`,
    },
  };
}

/**
 * What 六（一）'s introduction adds to its list: where the 时限 come from (the last two years'
 * closing of a gap, or a task's pace), and the measures proposed before and still waiting — the same words as in
 * 2023 for a task unfinished two years on read as if nothing had been learnt, so they are
 * marked for supervision.
 */
function carryIntro(plan: Plan, advice: NextPlanAdvice): string {
  const again = advice.repeated ? `其中${formatNumber(advice.repeated)}项措施此前的年度评估已经提出，至期末相关目标或任务仍未完成` : '';
  if (advice.deadlines) return `。完成时限按近两年的实际速度测算：目标看年均净增的数量能否补齐缺口（社区、人口等基数增加所需的部分先予扣除，基数因撤并减少不算作进展），任务看完成进度，等待用地、审批或上级政策的不作推算；建议以此逐项落实、按季度调度${again ? `。${again}，建议列入重点督办` : ''}`;
  return again ? `。${again}，“${plan.nextEra}”时期应逐项明确责任单位和完成时限，按季度调度` : '';
}
