/**
 * The verdict at the head of a report: 一、总体评价 of an annual or mid-term evaluation
 * (time progress, statuses, binding warnings with their gaps, the key tasks counted,
 * movement since last year, the outlook), and 一、规划实施总体情况 of the final evaluation
 * (targets 完成 / 基本完成 / 未完成, met early and when, binding targets, tasks done).
 */
import { chineseNumeral, formatNumber, formatPercent, formatTarget, formatValue } from '../basics/format.ts';
import { PLAN_STATUSES, WARNING_STATUSES, type IndicatorValue, type Outlook, type PlanStatus } from '../evaluate/evaluate.ts';
import { lostKeyTasks, type KeyTask } from '../evaluate/key-tasks.ts';
import { countStates, taskCause, tasksFor, taskState, taskStateText } from '../evaluate/task-state.ts';
import type { Indicator } from '../plan/plan.ts';
import { doubtfulVerdicts } from './doubtful.ts';
import { checkedIndicators, checksSentence, verdictChecks } from './verdict-checks.ts';
import { SHEETS } from '../plan/contract.ts';
import { absentGapText, absentTownsText, absentTownVerdicts } from './absent-towns.ts';
import { droppedTasksSentence, isMarked, lostTasksSentence } from './incomplete.ts';
import { earlyText, gapText, items, joinAnd, levelWithTime, names, quote, quoted, seeFigure, valueText, yearsText } from './phrases.ts';
import { taskCounts, withoutNewPart } from './progress.ts';
import { buildingText, contestedCauses, mixAdjustedShort, openTaskClause, paceNeeded, systemName, taskSentence, tasksMissingPlaces } from './themes.ts';
import { addedInPeriod, comparedIncomplete, districtValue, incompleteYearsText, doneTaskShortfall, everyTownHistory, indicatorsUnder, maintainedRecord, missingInputs, missingInputsText, oneEachShortfall, yearsWithoutData, record, taskDoneYear, tasksOf, taskStartYear, taskSystems, type ReportFacts } from './report-facts.ts';

interface Row {
  ind: Indicator;
  v: IndicatorValue | undefined;
}

function rows(f: ReportFacts, year = f.year): Row[] {
  return f.plan.indicators.map((ind) => ({ ind, v: districtValue(f, ind, year) }));
}

/**
 * A judgement on incomplete data says so where it is stated (evaluation.md): `（所用数据不完整，
 * 仅供参考）` after the figure, unless every figure of the year is (a file that could not be
 * read), which the first paragraph then says once (`incompleteYear`).
 */
function incompleteMark(f: ReportFacts, r: Row): string {
  return isMarked(r.v) && !allIncomplete(f) ? '（所用数据不完整，仅供参考）' : '';
}

/** Every district figure of the report's year is incomplete (a file of the year could not be read): said once, not after each. */
export function allIncomplete(f: ReportFacts): boolean {
  const own = rows(f).filter((r) => r.v?.value != null);
  return own.length > 0 && own.every((r) => !r.v!.isComplete);
}

/** The years without data, and why every figure of the report's year is incomplete when it is; '' otherwise. */
function incompleteYear(f: ReportFacts): string {
  const none = yearsWithoutData(f);
  // a year folder empty or missing: its values all missing, said once (an empty 2023 had gone unsaid but for 表1's dashes)
  const without = none.length ? `输入数据中没有${yearsText(none)}的数据（没有读到${none.length > 1 ? '这些年度' : '该年'}的任何工作表），${none.length > 1 ? '这些年度' : '该年'}各项指标均缺少数据${none.includes(f.plan.baselineYear) ? '，评价按规划印发的基期值' : ''}。` : '';
  return `${without}${allIncomplete(f) ? allIncompleteText(f) : ''}`;
}

/**
 * Why every figure of the year is incomplete and what follows, said once: the files that could
 * not be read, when those are why (a review: a 总结评估 whose verdict is 仅供参考 cannot be sent;
 * what it rests on and what to do can).
 */
function allIncompleteText(f: ReportFacts): string {
  const files = f.quality.rejectedByYear.get(f.year)?.files ?? 0;
  // every sheet the contract asks for read all the same: the files are sent beside them (the review of the
  // flawed sample: 可能涉及任何一项指标 alone read as if the year's figures could all be missing)
  const read = new Set(f.data.report.filter((r) => r.year === f.year && r.status === 'loaded').map((r) => r.sheetKind));
  const allRead = SHEETS.every((s) => read.has(s.name)) ? `（应报的${formatNumber(SHEETS.length)}类报表均已读到，这些是另外报送的文件，可能含补报或更正的数据）` : '';
  return files > 0
    ? `${f.year}年有${formatNumber(files)}个报送的文件无法读取，内容不明${allRead}，可能涉及任何一项指标，全部指标值因此标为数据不完整（见表1注和附录四）；以下评价按已读取的数据作出，这些文件重新报送后需复核。`
    : `${f.year}年全部指标值所用数据不完整（见表1注）；以下评价按通过校验的数据作出，相关数据更正后需复核。`;
}

const statusOf = (r: Row): PlanStatus => (r.v?.status as PlanStatus | null) ?? '无法评估';

/**
 * `已完成12项（其中提前完成8项），快于时序进度5项（其中2项与时序进度持平），…`: 快于时序进度
 * is R ≥ 1 (evaluation.md), so the count says how many of it are only level with the time
 * progress, as the text says of each.
 */
function tally(f: ReportFacts, rs: readonly Row[]): string {
  const n = (s: PlanStatus) => rs.filter((r) => statusOf(r) === s).length;
  // targets reached early; the maintained ones (提前完成 in the data when held every year) are counted as held
  const early = rs.filter((r) => r.v?.isEarlyCompletion && !r.ind.isMaintain).length;
  const level = rs.filter((r) => statusOf(r) === '快于时序进度' && r.v && levelWithTime(r.v)).length;
  // a maintained target (G = B) is 已完成 while held: said, or the first year read as five targets
  // reached in a year (the 2021 review)
  const held = rs.filter((r) => statusOf(r) === '已完成' && r.ind.isMaintain).length;
  return PLAN_STATUSES.filter((s) => n(s) > 0)
    .map((s) => {
      if (s === '已完成') {
        if (held === n(s)) return `已完成${items(n(s))}（${n(s) > 1 ? '均' : ''}为保持类指标，保持在规划要求的水平）`;
        const of = [early > 0 && f.year < f.plan.targetYear ? `提前完成${items(early)}` : null, held > 0 ? `保持类${items(held)}` : null].filter(Boolean);
        return of.length ? `已完成${items(n(s))}（其中${of.join('、')}）` : `已完成${items(n(s))}`;
      }
      // 快于时序进度 is R ≥ 1: those only level with the time progress are in it, and said so with
      // the rule (“快于…（含与时序进度持平的3项）” read as a contradiction: the 2021 review)
      if (s === '快于时序进度' && level > 0) return level === n(s) ? `快于时序进度${items(n(s))}（均与时序进度持平，按评价规则归入此档）` : `快于时序进度${items(n(s))}（其中${items(level)}与时序进度持平，按评价规则归入此档）`;
      return `${s}${items(n(s))}`;
    })
    .join('，');
}

const RANK: Readonly<Record<PlanStatus, number>> = { 已完成: 0, 快于时序进度: 1, 基本符合进度: 2, 滞后: 3, 明显滞后: 4, 逆向变化: 5, 未保持: 5, 无法评估: 6 };

/** Indicators whose status moved between last year and this year. */
/** Indicators named at most in each list of statuses that moved. */
const MOVES_NAMED = 6;

function movement(f: ReportFacts): string | null {
  if (f.year <= f.plan.period.start) return null;
  const now = rows(f);
  const prev = new Map(rows(f, f.year - 1).map((r) => [r.ind.id, r]));
  const better: Row[] = [];
  const worse: Row[] = [];
  // a status of either year made from incomplete data is no movement to count (the fresh reading of the
  // 17th attack's case: 2023's 15.6张, high for a town's children missing, counted as a fall in 2024)
  const unsure: Row[] = [];
  let compared = 0;
  for (const r of now) {
    const p = prev.get(r.ind.id);
    if (!p?.v || !r.v || statusOf(p) === '无法评估' || statusOf(r) === '无法评估') continue;
    if (statusOf(p) !== statusOf(r) && comparedIncomplete(f, [p.v, r.v])) {
      unsure.push(r);
      continue;
    }
    compared += 1;
    const d = RANK[statusOf(r)] - RANK[statusOf(p)];
    if (d < 0) better.push(r);
    if (d > 0) worse.push(r);
  }
  // a year before without data compares nothing (an empty 2023 folder had read '没有变化')
  if (compared === 0) return `${f.year - 1}年缺少数据，不作与上年的比较。`;
  if (better.length === 0 && worse.length === 0 && unsure.length === 0) return `与${f.year - 1}年相比，${compared < now.length ? `两年均有评价结果的${items(compared)}指标` : '各项指标'}的进度评价没有变化。`;
  // binding ones first (the 5A and 公墓 changes had been left behind 等: the 2024 review), then plan order
  const byBinding = (a: Row, b: Row) => Number(b.ind.isBinding) - Number(a.ind.isBinding) || a.ind.id - b.ind.id;
  better.sort(byBinding);
  worse.sort(byBinding);
  // a status that fell with the value unchanged fell with the time progress: said (区级精神卫生福利床位数
  // 100张 both years read as a loss: the 2024 review)
  const same = (r: Row) => {
    const before = prev.get(r.ind.id)!.v?.value;
    return before != null && r.v?.value != null && formatValue(r.ind, before) === formatValue(r.ind, r.v.value);
  };
  const describe = (r: Row) => `${quoted(r.ind)}${worse.includes(r) && same(r) ? '数值没有变化，随时序进度' : ''}由“${statusOf(prev.get(r.ind.id)!)}”变为“${statusOf(r)}”`;
  const parts: string[] = [];
  // all of them up to six (five listed as four and 等 left the reader counting)
  const some = (xs: readonly Row[]) => `${xs.slice(0, MOVES_NAMED).map(describe).join('，')}${xs.length > MOVES_NAMED ? '等' : ''}`;
  if (better.length) parts.push(`${items(better.length)}指标进度评价好转（${some(better)}）`);
  if (worse.length) parts.push(`${items(worse.length)}指标进度评价下降（${some(worse)}）`);
  if (unsure.length) parts.push(`${unsure.map((r) => `${quoted(r.ind)}由“${statusOf(prev.get(r.ind.id)!)}”变为“${statusOf(r)}”`).join('，')}，${incompleteYearsText(f, unsure.flatMap((r) => [prev.get(r.ind.id)!.v, r.v]))}，两年不可比，不计入`);
  return `与${f.year - 1}年相比，${parts.join('；')}。`;
}

const OUTLOOK_ORDER: readonly Outlook[] = ['已提前完成', '预计可完成', '预计可保持', '需加快', '需加快恢复', '难以完成'];

function outlookText(f: ReportFacts): string | null {
  const rs = rows(f).filter((r) => r.v?.outlook);
  if (rs.length === 0) return null;
  const by = (o: Outlook) => rs.filter((r) => r.v!.outlook === o);
  const parts: string[] = [];
  for (const o of OUTLOOK_ORDER) {
    const list = by(o);
    if (list.length === 0) continue;
    if (o === '已提前完成') parts.push(`已提前完成${items(list.length)}`);
    else if (o === '难以完成' || o === '需加快恢复') parts.push(`${o}${items(list.length)}（${names(list.map((r) => r.ind))}）`);
    else parts.push(`${o}${items(list.length)}`);
  }
  return `按${f.plan.baselineYear}年以来的趋势预判${f.plan.targetYear}年，${parts.join('，')}。`;
}

/**
 * The year's verdict in a word, from the share of the indicators judged that are met or on
 * schedule (附录二: three quarters or more 总体符合进度, half or more 总体基本符合进度, less 总体滞后于
 * 时序进度), and where those short of it gather: `未达到进度要求的8项中，基层社会治理体系4项、基本民生保障
 * 体系3项` (the 2024 review: 一 counted and gave no verdict). Null when fewer than half were judged
 * (the rest without a value): a verdict of the few is not the year's.
 */
function verdict(f: ReportFacts, rs: readonly Row[] = rows(f)): { word: string; where: string } | null {
  const judged = rs.filter((r) => r.v?.status && r.v.status !== '无法评估');
  if (judged.length === 0 || judged.length * 2 < rs.length) return null;
  // short of the year's requirement: the statuses a binding indicator is warned for; the rest judged meet it
  const off = judged.filter((r) => WARNING_STATUSES.includes(statusOf(r)));
  const share = (judged.length - off.length) / judged.length;
  const word = share >= 0.75 ? '总体符合进度' : share >= 0.5 ? '总体基本符合进度' : '总体滞后于时序进度';
  if (off.length < 2) return { word, where: '' };
  const bySystem = taskSystems(f.plan)
    .map((sys) => ({ name: systemName(sys), n: indicatorsUnder(f.plan, sys).filter((ind) => off.some((r) => r.ind.id === ind.id)).length }))
    .filter((x) => x.n > 0)
    .sort((a, b) => b.n - a.n);
  // one word for 滞后, 明显滞后, 逆向变化 and 未保持 together, not 滞后的7项 beside the tally's 滞后3项
  return { word, where: bySystem.length > 1 ? `未达到进度要求的${items(off.length)}中，${bySystem.map((x) => `${x.name}${items(x.n)}`).join('、')}` : '' };
}

/** How many of a warned indicator's related tasks not done its warning names. */
const WARNING_TASKS = 2;

/**
 * An item of the 约束性指标预警 box of 一: the figure against its target and the gap, then what
 * it hangs on, which the paragraph above does not say: the pace the rest of the period needs
 * and the related tasks not done, with their progress and cause —
 * `“区级精神卫生福利床位数”：滞后，2024年100张，规划目标150张，还差50张精神卫生福利床位；2025年需增加的
 * 数量是2020年以来年均增量的2.0倍；相关任务“区精神卫生福利中心二期工程”进度滞后，累计完成30%，原因是用地手续办理周期长`.
 */
export function warningItem(f: ReportFacts, ind: Indicator, v: IndicatorValue): string {
  // without a value: the data to send, not a figure of '—' against the target
  if (v.value === null) {
    const asked = missingInputsText(missingInputs(f, [ind], f.year));
    return `${quoted(ind)}：${f.year}年缺少计算所需的数据，无法评估（规划目标${formatTarget(ind, { words: true })}）；建议${asked ? `补报${f.year}年${asked}` : `补齐${f.year}年计算所需的数据`}，重新评估`;
  }
  const gap = gapText(ind, v);
  const parts = [`${quoted(ind)}：${v.status}，${f.year}年${valueText(ind, v)}，规划目标${formatTarget(ind, { words: true })}${gap ? `，${gap}` : ''}${isMarked(v) ? '（所用数据不完整，仅供参考，见表1注）' : ''}`];
  const pace = paceNeeded(f, ind, v);
  if (pace) parts.push(pace);
  // what is being built toward it (the 2024 review: the 50 beds of the second phase, 在建, the one source of the gap's closing)
  const build = buildingText(f, ind, v);
  if (build) parts.push(build);
  // and a cause of the ledger that says otherwise, as unsettled (the 2024 re-review read the box as reassurance)
  const contested = build ? contestedCauses(f, ind) : [];
  // overdue and behind first, then under way, then not started (a second phase not started had come before its first)
  const rank = (task: KeyTask) => ['逾期未完成', '滞后', '按计划推进', '未启动'].indexOf(taskState(task, f.year));
  const open = tasksFor(ind, tasksOf(f), f.plan).filter((task) => taskState(task, f.year) !== '已完成')
    .map((task, i) => ({ task, i })).sort((a, b) => rank(a.task) - rank(b.task) || a.i - b.i).map((x) => x.task).slice(0, WARNING_TASKS);
  if (open.length) {
    parts.push(`相关任务${open.map((task) => {
      const state = taskState(task, f.year);
      return state === '按计划推进' || state === '未启动' ? openTaskClause(task, f.year, taskStartYear(f, task)) : taskSentence({ task, state, cause: taskCause(task) }, f.year);
    }).join('，')}${contested.some((b) => open.some((t) => t.id === b.task.id)) ? '，与设施报表填报在建的说法不一致，需核实' : ''}`);
    // a task whose towns already have it is no cause of the gap of those that do not (the 2023
    // review: 礼贤镇、榆垡镇's siting given as the cause while 安定镇、长子营镇 lacked the coverage)
    const missing = tasksMissingPlaces(f, ind);
    const aside = missing?.tasks.filter((x) => open.includes(x.task)) ?? [];
    if (missing && aside.length) {
      const named = [...new Set(aside.flatMap((x) => x.named))];
      parts.push(`任务所列的${joinAnd(named.map((t) => t.name))}均已${missing.what}，尚未${missing.what}的${joinAnd(missing.lacking.map((t) => t.name))}没有对应的重点任务`);
    }
  }
  return parts.join('；');
}

/** 一、总体评价 of an annual (or mid-term) report; `statusFigure`, the number of the statuses' chart beside it, for the tally to point to. */
export function annualOverview(f: ReportFacts, statusFigure: number | null = null): string[] {
  const { plan, year } = f;
  const rs = rows(f);
  const t = (year - plan.baselineYear) / (plan.targetYear - plan.baselineYear);
  const out: string[] = [];
  const nth = chineseNumeral(year - plan.baselineYear);
  const see = seeFigure(statusFigure);
  if (f.edition === 'midterm') {
    const halfway = rs.filter((r) => r.v?.completionProgress != null && r.v.completionProgress >= 0.5 || r.v?.status === '已完成').length;
    out.push(`${year}年是规划实施的第${nth}年，规划期已过半，时序进度为${formatPercent(t)}。${incompleteYear(f)}对照“时间过半、任务过半”的要求，${plan.indicators.length}项主要指标中有${items(halfway)}完成进度达到一半以上或已完成目标；${tally(f, rs)}${see}。`);
  } else {
    const v = verdict(f, rs);
    const unjudged = rs.filter((r) => statusOf(r) === '无法评估').length;
    // most without a value: no verdict from the few that have one (one indicator had made the year 总体滞后于时序进度)
    const none = !v && unjudged > 0 ? `${items(unjudged)}主要指标缺少数据，无法评估，${unjudged * 2 > rs.length ? '超过半数，' : ''}本年不作总体评价。` : '';
    out.push(`${year}年是规划实施的第${nth}年，时序进度为${formatPercent(t)}。${incompleteYear(f)}${v ? `从主要指标看，规划实施${v.word}。` : none}${plan.indicators.length}项主要指标中，${tally(f, rs)}${see}${v?.where ? `；${v.where}` : ''}。`);
  }
  const binding = rs.filter((r) => r.ind.isBinding);
  const warned = binding.filter((r) => r.v?.isBindingWarning);
  // those without a value are in the box too, as data to send (it had listed six under '没有约束性指标列入预警')
  const noData = binding.filter((r) => r.v?.isBindingDataWarning);
  const noDataText = noData.length ? `${noData.map((r) => quoted(r.ind)).join('')}因缺少数据无法评估` : '';
  const bindingText = `${items(binding.length)}约束性指标中，${tally(f, binding)}`;
  if (warned.length) {
    // the figures and gaps are the box's below (warningItem), not said here as well: the box had repeated this sentence word for word (the 2024 review)
    out.push(`${bindingText}；${warned.map((r) => `${quoted(r.ind)}${incompleteMark(f, r)}`).join('、')}列入预警${noDataText ? `，${noDataText}` : ''}（见下框）。`);
  } else if (noData.length) {
    out.push(`${bindingText}；没有约束性指标因进度列入预警，${noDataText}（见下框）。`);
  } else {
    out.push(`${bindingText}，没有约束性指标列入预警。`);
  }
  const doubts = [...leaningStatus(f, rs), ...doubtfulVerdicts(f), ...absentTownVerdicts(f)];
  if (doubts.length) out.push(`需要说明的是，${doubts.join('；')}。`);
  const tasks = tasksOf(f);
  // a task counted done this year while the data show a town without, said where it is counted (the 2024
  // review: 建设镇街级社会心理服务中心（站） among 已完成30项 while 榆垡镇 had none, said in 三 and 附录四 only)
  const doneShort = tasks.flatMap((t) => {
    const short = taskState(t, year) === '已完成' && taskDoneYear(f, t.id) === year ? doneTaskShortfall(f, t) : null;
    return short ? [`${quote(t.name)}填报${year}年已完成，而数据中${short.none}${short.what}`] : [];
  });
  const doneShortText = doneShort.length ? `；其中${doneShort.join('；')}，完成情况需核实（见附录四）` : '';
  if (tasks.length) out.push(`规划重点任务台账共登记${items(tasks.length)}任务，${taskCounts(tasks, year, (t) => taskStartYear(f, t))}${doneShortText}。`);
  const lostTasks = lostTasksSentence(lostKeyTasks(f.data, year), year);
  if (lostTasks) out.push(lostTasks);
  const droppedTasks = droppedTasksSentence(f.data.warnings, year, (id) => tasksOf(f, year - 1).find((t) => t.id === id)?.name);
  if (droppedTasks) out.push(droppedTasks);
  const m = movement(f);
  if (m) out.push(m);
  const o = outlookText(f);
  if (o) out.push(o);
  return out;
}

/** The final-year verdicts: `完成25项、基本完成2项、未完成5项`. */
function verdicts(rs: readonly Row[]): { text: string; counts: Record<string, Row[]> } {
  const counts: Record<string, Row[]> = { 完成: [], 基本完成: [], 未完成: [], 无法评估: [] };
  for (const r of rs) counts[r.v?.verdict ?? '无法评估']!.push(r);
  // the three verdicts always (基本完成0项 said, not left to be inferred); 无法评估 only when there is one
  const text = Object.entries(counts).filter(([k, l]) => l.length || k !== '无法评估').map(([k, l]) => `${k}${items(l.length)}`).join('、');
  return { text, counts };
}

/** 一、规划实施总体情况 of the final evaluation. */
export function finalOverview(f: ReportFacts): string[] {
  const { plan, year } = f;
  const rs = rows(f);
  const out: string[] = [];
  const all = verdicts(rs);
  // verdicts of 完成 that data to check would turn, counted where they are counted (a review: 完成25项 beside two of them said
  // below), and the binding ones met on data with a sheet or rows rejected, said below with them (a review: 2项 here, four below)
  const checks = verdictChecks(f);
  const risky = checks.risky;
  const checked = checksSentence(f, checks);
  const atRisk = checked ? `${checked}（见下文）。` : '';
  out.push(`“${f.plan.era}”规划确定的${items(plan.indicators.length)}主要指标，到${year}年末${all.text}。${atRisk}${incompleteYear(f)}`);
  // Met early, by year
  const early = rs
    .filter((r) => r.v?.verdict === '完成' && !r.ind.isMaintain)
    .map((r) => ({ r, y: record(f, r.ind).earlyYear, when: earlyText(record(f, r.ind)) }))
    .filter((x): x is { r: Row; y: number; when: string } => x.y !== null);
  const held = rs.filter((r) => r.ind.isMaintain && record(f, r.ind).metEveryYear);
  const earlyParts: string[] = [];
  // by when (a year, or the span across a year without data), in order of the year
  const byYear = new Map<string, { y: number; rows: Row[] }>();
  for (const { r, y, when } of early) byYear.set(when, { y, rows: [...(byYear.get(when)?.rows ?? []), r] });
  for (const [when, { rows: list }] of [...byYear.entries()].sort((a, b) => a[1].y - b[1].y || a[0].length - b[0].length)) earlyParts.push(`${when}${items(list.length)}（${names(list.map((x) => x.ind))}）`);
  // a count met each year while the plan's text asks every town to have one, and a town had none (附录三's promise):
  // a maintained one with the others held every year ('其中' after a sentence on two that were not had named the wrong list, the final review)
  const coverageOf = (r: Row) => {
    const h = everyTownHistory(f, r.ind);
    return h ? [`${quoted(r.ind)}${record(f, r.ind).metEveryYear ? '虽各年均达到目标，但' : ''}${h}`] : [];
  };
  const heldCoverage = held.flatMap(coverageOf);
  const heldAside = heldCoverage.length ? `，其中${heldCoverage.join('，')}` : '';
  const coverage = rs.filter((r) => r.v?.verdict === '完成' && !held.includes(r)).flatMap(coverageOf);
  const coverageText = coverage.length ? `${coverage.join('；')}。` : '';
  // maintain targets met at the end after a year below the level: in the verdict too (a binding one among them)
  // those with the same record said together (a review: '…2023年缺少数据，其余各年均保持' four times running)
  const byRecord = new Map<string, Row[]>();
  for (const r of rs.filter((x) => x.ind.isMaintain && x.v?.verdict === '完成' && !record(f, x.ind).metEveryYear)) {
    const said = maintainedRecord(f, r.ind);
    byRecord.set(said, [...(byRecord.get(said) ?? []), r]);
  }
  const regainedCount = [...byRecord.values()].reduce((n, g) => n + g.length, 0);
  // one met on data to check is said so here too (the review of the flawed sample: 期末均达到规划要求 one paragraph after 也需核实)
  const toVerify = new Set(checkedIndicators(checks));
  const regained = [...byRecord].map(([said, g]) => `${g.map((r) => `${r.ind.isBinding ? '约束性指标' : ''}${quoted(r.ind)}${toVerify.has(r.ind) ? '（待核实）' : ''}`).join('、')}${said}`);
  // the maintained targets met at the end in a sentence of their own, counted (a run-on '另有3项…，
  // “甲”…恢复，“乙”…恢复，期末达到' hid that there are five)
  const maintained = held.length + regainedCount;
  const heldText = !maintained
    ? ''
    : !regained.length
      ? `${items(held.length)}保持类指标在规划期内各年均保持目标水平${heldAside}`
      : `${items(maintained)}保持类指标中，${held.length ? `${items(held.length)}在规划期内各年均保持目标水平${heldAside}；` : ''}${regained.join('；')}，期末${regainedCount > 1 ? '均' : ''}达到规划要求`;
  // a count of one for each town met by its total while a town had none (兴丰街道's second
  // centre standing in for 榆垡镇's): said, so that 提前完成 is not read as every town having one
  const byTotal = early.flatMap(({ r, y }) => {
    const what = r.ind.numeratorLabel?.name ?? '';
    const then = oneEachShortfall(f, r.ind, y, true, what);
    if (then === null) return [];
    const now = oneEachShortfall(f, r.ind, year, false, what);
    return [`${quoted(r.ind)}${y}年是按总数达到目标，当年${then}，${year}年${now ?? `各镇街均已有${what}`}`];
  });
  const byTotalText = byTotal.length ? `其中${byTotal.join('；')}。` : '';
  // a year without a value since: held as far as the years with data show (a review: 一直保持 over an empty 2023)
  const unknownSince = [...new Set(early.flatMap(({ r, y }) => record(f, r.ind).unknownYears.filter((u) => u > y)))].sort((a, b) => a - b);
  const kept = unknownSince.length ? `，此后有数据的各年均保持（${yearsText(unknownSince)}缺少数据）` : `，并一直保持到${year}年末`;
  if (early.length) out.push(`完成的指标中，${items(early.length)}在规划期末之前即已达到目标${kept}：${earlyParts.join('，')}。${byTotalText}${heldText ? `${heldText}。` : ''}${coverageText}`);
  // on its own: '完成的指标中，5项保持类指标中，…' had read twice 中
  else if (heldText) out.push(`${regained.length ? '' : '完成的指标中，'}${heldText}。${coverageText}`);
  else if (coverageText) out.push(coverageText);
  // a target met on a kind of its numerator first counted in the period: said on the verdict's page
  const leaning = leaningOnNewPart(f, rs);
  if (leaning) out.push(leaning);
  // Met and lost again
  // (not where it was met first in a year made from incomplete data: no record the data show, the fresh
  // reading of 2023's 15.6张 made without a town's children: 2023年曾达到目标，2024年回落)
  const lost = rs.filter((r) => {
    const rec = record(f, r.ind);
    return rec.lostYears.length > 0 && !r.ind.isMaintain && !comparedIncomplete(f, [f.values.districtValue(rec.firstMet!, r.ind.id)]);
  });
  if (lost.length) {
    out.push(`${lost.map((r) => {
      const rec = record(f, r.ind);
      const said = [rec.firstMet!, ...rec.lostYears, ...(r.v?.verdict === '完成' ? [year] : [])].map((y) => f.values.districtValue(y, r.ind.id));
      return `${quoted(r.ind)}${rec.firstMet}年曾达到目标，${yearsText(rec.lostYears)}回落${r.v?.verdict === '完成' ? `，${year}年重新达到` : ''}${comparedIncomplete(f, said)}`;
    }).join('；')}。`);
  }
  // Binding targets
  const binding = rs.filter((r) => r.ind.isBinding);
  const bindingMet = binding.filter((r) => r.v?.verdict === '完成');
  // a target without a value is not judged (无法评估): not counted as unmet (a year's 区统计局 workbook
  // missing had read '未完成2项：…为—' and '仍有2项约束性指标未完成')
  const bindingNot = binding.filter((r) => r.v?.verdict !== '完成' && r.v?.verdict !== '无法评估');
  const bindingNone = binding.filter((r) => r.v?.verdict === '无法评估');
  const noneText = bindingNone.length ? `${bindingNot.length ? '；' : '，'}${bindingNone.map((r) => quoted(r.ind)).join('')}${year}年缺少数据，无法评估` : '';
  // A target the plan's own text words differently is said so where the verdict is given.
  // a verdict that rests on reading the plan's table over its text says both readings, here
  // in sentences of their own after the verdicts (in parentheses they nested two deep)
  const caveats = bindingNot.flatMap((r) => {
    const x = plan.inconsistencies.find((c) => c.indicatorId === r.ind.id);
    return x ? [`${x.text.replace(/。$/, '')}（见附录三）。`] : [];
  });
  // a figure summed without towns that sent nothing says which, even where every figure is marked (a review: 20.4 % without 长子营镇, said nowhere)
  const lacking = (r: Row, inParentheses: boolean) => absentTownsText(f, r.ind, f.year, inParentheses);
  // and its gap with them, beside the gap without (还需约1.2万名 on 21 towns beside 20.3 % with 长子营镇)
  const besideGap = (r: Row, inParentheses: boolean) => {
    const t = absentGapText(f, r.ind);
    return t ? (inParentheses ? `，${t}` : `（${t}）`) : '';
  };
  // those met on data to check said so where they are counted (the review of the flawed sample: 完成11项 flat, 5A级 among them)
  const toCheckSet = new Set(checkedIndicators(checks));
  const toCheck = bindingMet.filter((r) => toCheckSet.has(r.ind));
  const checkedMet = toCheck.length ? `（其中${toCheck.map((r) => quoted(r.ind)).join('')}待核实）` : '';
  out.push(`${items(binding.length)}约束性指标完成${items(bindingMet.length)}${checkedMet}${bindingNot.length ? `，未完成${items(bindingNot.length)}：${bindingNot.map((r) => `${quoted(r.ind)}为${valueText(r.ind, r.v)}${lacking(r, false) ? `（${lacking(r, true)}）` : incompleteMark(f, r)}${gapText(r.ind, r.v) ? `，${gapText(r.ind, r.v)}${besideGap(r, false)}` : ''}`).join('；')}` : bindingNone.length ? '' : '，全部完成'}${noneText}。${caveats.join('')}`);
  // Unmet expected targets
  const unmet = [...all.counts.未完成!, ...all.counts.基本完成!].filter((r) => !r.ind.isBinding);
  if (unmet.length) {
    out.push(`预期性指标中，${unmet.map((r) => `${quoted(r.ind)}${r.v?.verdict === '基本完成' ? '基本完成' : '未完成'}（${valueText(r.ind, r.v)}，${lacking(r, true) ? `${lacking(r, true)}；` : ''}${gapText(r.ind, r.v) ? `${gapText(r.ind, r.v)}${besideGap(r, true)}` : '低于目标'}${incompleteMark(f, r) && !lacking(r, true) ? '，所用数据不完整，仅供参考' : ''}）`).join('；')}。`);
    // a rate the mix of unit types holds below its target: why, on the verdict's page
    const mixed = unmet.flatMap((r) => {
      const why = r.v ? mixAdjustedShort(f, r.ind, r.v) : null;
      return why ? [`${quoted(r.ind)}${why}`] : [];
    });
    if (mixed.length) out.push(`其中${mixed.join('；')}。`);
  }
  const doubts = [...doubtfulVerdicts(f), ...absentTownVerdicts(f), ...risky.map((x) => x.text)];
  if (doubts.length) out.push(`需要说明的是，${doubts.join('；')}。`);
  // Tasks
  const tasks = tasksOf(f);
  if (tasks.length) {
    const c = countStates(tasks, year);
    // done, but after the deadline year: said, as the ledger table words them (逾期完成)
    const late = tasks.filter((t) => taskStateText(t, year, taskDoneYear(f, t.id)) === '逾期完成');
    // tasks the ledger took in during the period, said, and how many of the unfinished they are
    // (the final review: a binding gap's second phase, listed from 2022, read as a plan-start task)
    const added = tasks.filter((t) => addedInPeriod(f, t.id) !== null);
    const addedOpen = added.filter((t) => taskState(t, year) !== '已完成').length;
    const open = tasks.length - c.已完成;
    out.push(`规划重点任务台账共${items(tasks.length)}任务${added.length ? `（其中${items(added.length)}为规划期内新增）` : ''}，完成${items(c.已完成)}${late.length ? `（其中${items(late.length)}逾期完成：${late.slice(0, 3).map((t) => `${quote(t.name)}完成时限${t.deadline}，${taskDoneYear(f, t.id)}年完成`).join('；')}${late.length > 3 ? '等' : ''}）` : ''}${open > 0 ? `，未完成${items(open)}${addedOpen ? `（其中${items(addedOpen)}为规划期内新增）` : ''}` : ''}，完成率${formatPercent(c.已完成 / tasks.length)}。`);
  }
  const lostTasks = lostTasksSentence(lostKeyTasks(f.data, year), year);
  if (lostTasks) out.push(lostTasks);
  const droppedTasks = droppedTasksSentence(f.data.warnings, year, (id) => tasksOf(f, year - 1).find((t) => t.id === id)?.name);
  if (droppedTasks) out.push(droppedTasks);
  const share = rs.length ? (all.counts.完成!.length + all.counts.基本完成!.length) / rs.length : 0;
  const unjudged = all.counts.无法评估?.length ?? 0;
  // most targets without a value: the conclusion waits for the data (3.1 % 完成 had read 仅部分实现)
  if (unjudged * 2 > rs.length) {
    out.push(`总体看，${items(unjudged)}主要指标${year}年缺少数据、无法评估，超过半数，规划期末的总体结论需在补齐数据（见六）后作出。`);
    return out;
  }
  out.push(`总体看，规划确定的主要目标${share >= 0.9 ? '基本实现' : share >= 0.7 ? '大部分实现' : '仅部分实现'}，${all.counts.基本完成!.length ? '完成和基本完成' : '完成'}的指标占${formatPercent(share)}${bindingNot.length ? `，但仍有${items(bindingNot.length)}约束性指标未完成，需在下一个五年接续推进` : bindingNone.length ? '' : '，约束性指标全部完成'}${bindingNone.length ? `${bindingNot.length ? '；另有' : '，'}${items(bindingNone.length)}约束性指标因缺少数据无法评估` : ''}。`);
  return out;
}

/**
 * leaningOnNewPart for a year of the period: a ratio on schedule only by a kind of its
 * numerator first counted in the period (without it, it would be behind), and the progress it
 * leaves without it —
 * `“每千名常住人口养老床位数”快于时序进度主要依靠规划期内新计入的家庭照护床位（2024年2900张，占养老
 * 床位增量的…），不计这一类为5.3张，完成进度只有17.3%（时序进度80.0%）` (the 2024 review: said in 三, never in 总体评价).
 */
function leaningStatus(f: ReportFacts, rows: readonly Row[]): string[] {
  return rows.flatMap(({ ind, v }) => {
    if (!v || v.status === null || ind.isMaintain || ind.aggregation !== 'ratio') return [];
    if (WARNING_STATUSES.includes(v.status as PlanStatus) || v.status === '基本符合进度') return [];
    const w = withoutNewPart(f, ind);
    if (!w || !WARNING_STATUSES.includes(w.judged.status)) return [];
    // what progress it leaves against the time gone, not a status of its own: the plan counts the
    // kind as its indicator's (三张床), and a status label read as a second rating (the 2024 re-review)
    const progress = w.judged.completionProgress === null ? '' : `，完成进度只有${formatPercent(w.judged.completionProgress)}（时序进度${formatPercent(v.timeProgress)}）`;
    const said = leaningClause(f, ind, v.status === '已完成' ? '已完成目标' : v.status, w);
    return said ? [`${said}${progress}`] : [];
  });
}

/**
 * The targets met whose numerator grew mostly by a kind the baseline year had none of
 * (newNumeratorPart), with the value without it: `“每千名常住人口养老床位数”的完成主要依靠规划期内新计入的
 * 家庭照护床位（2025年3300张，占养老床位增量的78.7%），不计这一类为5.4张，低于7张的目标`. The second 2025
 * review: the verdict page said 完成 where the 3300 beds counted from 2021 made it, said only in 表2.
 * Null when none.
 */
function leaningOnNewPart(f: ReportFacts, rows: readonly Row[]): string | null {
  const said = rows.flatMap(({ ind, v }) => {
    if (v?.verdict !== '完成' || ind.isMaintain || ind.aggregation !== 'ratio') return [];
    const w = withoutNewPart(f, ind);
    const said = w ? leaningClause(f, ind, '的完成', w) : null;
    if (!w || !said) return [];
    const short = w.value < ind.target ? `，低于${formatTarget(ind, { unit: true })}的目标` : '';
    return [`${said}${short}`];
  });
  return said.length ? `需要说明的是，${said.join('；')}。` : null;
}

/** `“每千名常住人口养老床位数”<what>主要依靠规划期内新计入的家庭照护床位（2025年3300张，占养老床位增量的78.7%），不计这一类为5.4张`; null without the numerator's label. */
function leaningClause(f: ReportFacts, ind: Indicator, what: string, w: NonNullable<ReturnType<typeof withoutNewPart>>): string | null {
  const label = ind.numeratorLabel;
  if (!label) return null;
  return `${quoted(ind)}${what}主要依靠规划期内新计入的${w.part.name}（${f.year}年${formatNumber(w.part.total)}${label.unit}，占${label.name}增量的${formatPercent(w.part.total / w.part.growth)}），不计这一类为${formatValue(ind, w.value)}`;
}
