/**
 * The tables of the district reports: the plan's indicator table as a year's evaluation
 * (表1, the columns of evaluation.md) and as the period's record (the final evaluation,
 * 2020–2025 with a 情况说明), the key-task ledger, and the towns' values split into tables
 * that fit a page. The 2020 column is the plan's printed baseline everywhere, with a note
 * where the data give another figure; an incomplete value carries a mark and a note.
 */
import { formatNumber, formatPercent, formatTarget, formatValue, INCOMPLETE_MARK, MISSING, NOT_APPLICABLE } from '../basics/format.ts';
import { firstOutlookYear, type IndicatorValue } from '../evaluate/evaluate.ts';
import type { KeyTask } from '../evaluate/key-tasks.ts';
import { taskStateText } from '../evaluate/task-state.ts';
import { districtLevelHosted } from '../evaluate/details.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import type { Geography } from '../plan/geography.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import { recordNote } from '../present/final-text.ts';
import { bareName, decimalsBelowTarget, figureText, townKind, unitText, valueText } from '../present/phrases.ts';
import { meaningfulFor } from '../present/report-facts.ts';
import type { ValueIndex } from '../present/value-index.ts';
import type { ReportFacts } from '../present/report-facts.ts';
import { badge } from '../present/status.ts';
import { baselineNotes, circled, reconciledOutlookNote, roundingNotes } from '../present/table-notes.ts';
import { checkedIndicators, verdictChecks } from '../present/verdict-checks.ts';
import { isComparisonMarked, isMarked, lostSummary } from '../present/incomplete.ts';
import type { Cell, ReportTable } from './document.ts';

export { INCOMPLETE_MARK };



/**
 * The note under a table with marked values (evaluation.md: judged, with a visible mark and
 * a footnote): what was left out in `years`, in counts, and where each is named.
 */
export function incompleteNote(f: ReportFacts, years: readonly number[]): string {
  const what = lostSummary(f.lost ?? [], f.geography, years) || '有填报数据未通过校验';
  // one line on the page: a longer note may be pushed alone onto the next page
  return `标“${INCOMPLETE_MARK}”的数值和评价所用数据不完整（${what}），照常评价，仅供参考；未计入的数据见附录四。`;
}

/** Rows grouped by the plan's 领域: a group row before the first indicator of each. */
function grouped(plan: Plan, width: number, row: (ind: Indicator) => Cell[], after: (ind: Indicator) => string[] = () => []): Cell[][] {
  const out: Cell[][] = [];
  let domain = '';
  let n = 0;
  for (const ind of plan.indicators) {
    if (ind.domain !== domain) {
      domain = ind.domain;
      n += 1;
      out.push([{ text: `${'一二三四五六七八九十'[n - 1] ?? n}、${domain}`, group: true, colspan: width }]);
    }
    out.push(row(ind));
    for (const note of after(ind)) out.push([{ text: note, rowNote: true, colspan: width }]);
  }
  return out;
}

/**
 * The notes of each indicator's row — a baseline the data give otherwise, a count with none
 * printed, a value or 完成进度 that prints at a line it is below — marked in the order of the
 * rows and printed under the row they are about: evaluation.md wants a baseline's note on
 * the same page as its value, and the notes under a table that runs over a page break fell
 * a page after their rows (the final review: ①②③⑤ on p.5 for rows on p.4).
 */
function rowNotes(plan: Plan, values: ValueIndex, year: number, years: readonly number[]): {
  baseline: Map<number, string>; rounding: Map<string, string>; progress: Map<string, string>; notes: Map<number, string[]>;
} {
  const out = { baseline: new Map<number, string>(), rounding: new Map<string, string>(), progress: new Map<string, string>(), notes: new Map<number, string[]>() };
  let taken = 0;
  for (const ind of plan.indicators) {
    const one = { ...plan, indicators: [ind] };
    const b = baselineNotes(one, values, year, taken);
    const r = roundingNotes(one, values, years, taken + b.notes.length, [year]);
    for (const [k, v] of b.marks) out.baseline.set(k, v);
    for (const [k, v] of r.marks) out.rounding.set(k, v);
    for (const [k, v] of r.progressMarks) out.progress.set(k, v);
    const notes = [...b.notes, ...r.notes];
    if (notes.length) out.notes.set(ind.id, notes);
    taken += notes.length;
  }
  return out;
}

/** The value cell of a district value: the figure, marked when incomplete. */
function valueCell(ind: Indicator, v: IndicatorValue | undefined, strong = false): Cell {
  const cell: Cell = { text: formatValue({ ...ind, unit: '' }, v?.value ?? null), num: true, strong };
  if (isMarked(v)) cell.mark = INCOMPLETE_MARK;
  return cell;
}

/** A status (or verdict) judged on an incomplete value carries the mark too (evaluation.md). */
function judged(cell: Cell, v: IndicatorValue | undefined): Cell {
  return isMarked(v) ? { ...cell, mark: INCOMPLETE_MARK } : cell;
}

/** A value cell with the rounding note's mark, if any, after the incomplete mark. */
function withRoundingMark(cell: Cell, mark: string | undefined): Cell {
  return mark ? { ...cell, mark: `${cell.mark ?? ''}${mark}` } : cell;
}

/** 表1: the year's evaluation of every indicator (evaluation.md's columns). */
export function indicatorTable(f: ReportFacts, caption: string): ReportTable {
  const { plan, year } = f;
  const marked = rowNotes(plan, f.values, year, [year]);
  const final = year >= plan.targetYear;
  const columns = ['序号', '指标', '单位', '属性', `${plan.baselineYear}年基期值`, `${plan.targetYear}年目标值`, `${year}年实际值`, '完成进度', '时序进度', '进度评价', final ? '期末结论' : `${plan.targetYear}预判`];
  let incomplete = false;
  let outlookMarked = false;
  const rows = grouped(plan, columns.length, (ind) => {
    const v = f.values.districtValue(year, ind.id);
    if (isMarked(v)) incomplete = true;
    // a trend through an incomplete earlier year: the outlook may move though this year's value is complete
    const projectionMarked = !final && !!v?.outlook && isComparisonMarked(v, 'projection');
    if (projectionMarked) outlookMarked = true;
    return [
      { text: String(ind.id), num: true },
      { text: `${ind.isBinding ? '★' : ''}${ind.name}`, header: true },
      { text: ind.unit || NOT_APPLICABLE },
      { text: ind.isBinding ? '约束性' : '预期性' },
      { text: ind.baselineText || (ind.isCumulative ? NOT_APPLICABLE : MISSING), num: true, mark: marked.baseline.get(ind.id) },
      { text: formatTarget(ind), num: true },
      withRoundingMark(valueCell(ind, v, true), marked.rounding.get(`${ind.id}:${year}`)),
      withRoundingMark({ text: ind.isMaintain ? '保持类' : formatPercent(v?.completionProgress ?? null), num: true }, marked.progress.get(`${ind.id}:${year}`)),
      { text: formatPercent(v?.timeProgress ?? null), num: true },
      judged({ text: v?.status ?? '无法评估', badge: badge(v?.status ?? '无法评估') ?? undefined }, v),
      { text: final ? (v?.verdict ?? MISSING) : (v?.outlook ?? MISSING), mark: projectionMarked ? INCOMPLETE_MARK : undefined },
    ];
  }, (ind) => {
    const outlook = final ? '' : reconciledOutlookNote(plan, ind, f.values.districtValue(year, ind.id));
    return [...(marked.notes.get(ind.id) ?? []), ...(outlook ? [`指标${ind.id}的${plan.targetYear}预判：${outlook}`] : [])];
  });
  return {
    caption,
    columns,
    rows,
    className: 'indicators',
    notes: [
      '注：带★的为约束性指标，其他为预期性指标。完成进度 =（实际值 − 基期值）÷（目标值 − 基期值）；时序进度 =（评估年度 − 基期年）÷ 规划期年数；进度评价按完成进度与时序进度之比判定（见附录二），“快于时序进度”含完成进度与时序进度持平的指标；保持类指标（目标值与基期值相同）不计算完成进度，按是否保持目标水平评价。',
      `数值按 GB/T 8170 修约，评价按未修约数值判定；“${MISSING}”表示缺少数据，不以零计；“${NOT_APPLICABLE}”表示不适用（无计量单位的比值、规划期内累计数的基期值）。`,
      ...(!final && year < firstOutlookYear(plan.baselineYear)
        ? [`“${plan.targetYear}预判”自${firstOutlookYear(plan.baselineYear)}年起按${plan.baselineYear}年以来的趋势作出（见附录二）；${year}年只有基期和当年两个数值，不作预判，该列为“${MISSING}”。`]
        : []),
      ...(incomplete ? [incompleteNote(f, [year])] : []),
      ...(outlookMarked ? [`“${plan.targetYear}预判”标“${INCOMPLETE_MARK}”的，${year}年数值完整，但推算所依据的往年数值不完整（见附录四“数据质量”），仅供参考。`] : []),
    ],
  };
}

/** The final evaluation's table: every year from the baseline, the verdict and a 情况说明. */
export function recordTable(f: ReportFacts, caption: string): ReportTable {
  const { plan, year } = f;
  const years: number[] = [];
  for (let y = plan.period.start; y <= year; y++) years.push(y);
  const marked = rowNotes(plan, f.values, year, years);
  // 完成进度 beside the verdict: 基本完成 is P ≥ 95 %, which a reader could not see (evaluation.md's
  // table has the column; the final review)
  const columns = ['序号', '指标', '单位', `${plan.baselineYear}年`, ...years.map((y) => `${y}年`), `${plan.targetYear}年目标值`, '完成进度', '完成情况', '情况说明'];
  const incomplete = new Set<number>();
  const toCheck = new Set(checkedIndicators(verdictChecks(f)));
  const rows = grouped(plan, columns.length, (ind) => {
    const cells: Cell[] = [
      { text: String(ind.id), num: true },
      { text: `${ind.isBinding ? '★' : ''}${ind.name}`, header: true },
      { text: ind.unit || NOT_APPLICABLE },
      { text: ind.baselineText || (ind.isCumulative ? NOT_APPLICABLE : MISSING), num: true, mark: marked.baseline.get(ind.id) },
    ];
    for (const y of years) {
      const v = f.values.districtValue(y, ind.id);
      if (isMarked(v)) incomplete.add(y);
      cells.push(withRoundingMark(valueCell(ind, v, y === year), marked.rounding.get(`${ind.id}:${y}`)));
    }
    const v = f.values.districtValue(year, ind.id);
    cells.push({ text: formatTarget(ind), num: true });
    cells.push(withRoundingMark({ text: ind.isMaintain ? '保持类' : formatPercent(v?.completionProgress ?? null), num: true }, marked.progress.get(`${ind.id}:${year}`)));
    cells.push(judged({ text: v?.verdict ?? '无法评估', badge: badge(v?.verdict === '完成' ? '已完成' : v?.verdict === '未完成' ? '滞后' : v?.verdict === '基本完成' ? '基本符合进度' : '无法评估') ?? undefined }, v));
    // a verdict the report asks to check first (一) is not left a plain 完成 here (the review of the flawed sample)
    cells.push({ text: [toCheck.has(ind) ? '结论待核实（见一）' : '', recordNote(f, ind)].filter(Boolean).join('；') || MISSING });
    return cells;
  }, (ind) => marked.notes.get(ind.id) ?? []);
  return {
    caption,
    columns,
    rows,
    className: 'indicators period',
    wide: true,
    notes: [
      `注：带★的为约束性指标，其他为预期性指标。${plan.baselineYear}年数值为规划印发的基期值；“${NOT_APPLICABLE}”表示不适用（无计量单位的比值、规划期内累计数的基期值）。完成进度 =（${year}年实际值 − 基期值）÷（目标值 − 基期值），保持类指标（目标值与基期值相同）不计算。完成情况：约束性指标分完成、未完成；预期性指标分完成、基本完成（完成进度不低于95%）、未完成。`,
      ...(incomplete.size ? [incompleteNote(f, [...incomplete])] : []),
    ],
  };
}

/** The key-task ledger of the year as a table (`doneIn`: the year a task was first done, to word one done late 逾期完成). */
export function tasksTable(tasks: readonly KeyTask[], year: number, caption: string, doneIn: (t: KeyTask) => number | null = () => null, marked?: { mark: string; is: (t: KeyTask) => boolean; note: string }): ReportTable {
  const anyMarked = marked !== undefined && tasks.some(marked.is);
  return {
    caption,
    columns: ['编号', '任务', '牵头单位', '完成时限', '状态', '进度', '进展说明'],
    rows: tasks.map((t) => [
      { text: t.id },
      { text: t.name, header: true },
      // a line may break after 和 only (the print CSS keeps the rest of the name whole): a <wbr>,
      // not a zero-width space, which the PDF kept in its text (社会福利和儿童福利科 was not found
      // by a search for the unit: the final review)
      { text: t.leadUnit, breaks: t.leadUnit.split(/(?<=和)(?=.)/) },
      { text: t.deadline || MISSING },
      { text: taskStateText(t, year, doneIn(t)), mark: anyMarked && marked!.is(t) ? marked!.mark : undefined },
      { text: t.progress === null ? MISSING : `${formatNumber(t.progress)}%`, num: true },
      { text: t.note || MISSING },
    ]),
    className: 'tasks',
    ...(anyMarked ? { notes: [marked!.note] } : {}),
  };
}

/**
 * The towns' values of `year`, the indicators computed for towns split into tables of at
 * most `perTable` indicators (a table never wider than the page): towns down, indicators
 * across.
 */
export function townTables(plan: Plan, geography: Geography, values: ValueIndex, year: number, data?: InputData, perTable = 6): { tables: ReportTable[]; alike: { ind: Indicator; text: string }[] } {
  // a column every town shares (100.0 in each row, 1 in each row) says it in a sentence, not 22
  // times (a review: report.md's 'a value every town shares is not a rank at all')
  const alike: { ind: Indicator; text: string }[] = [];
  // an indicator the plan does not take to towns (town_scope none: the district's relief beds,
  // which had shown as 黄村镇's 60 and 18 towns' 0, the third report review) is not listed
  const inds = plan.indicators.filter((i) => {
    if (i.level !== 'DT' || i.townScope === 'none') return false;
    if (geography.towns.length < 2) return true;
    const vs = geography.towns.map((t) => values.get(year, t.code, i.id));
    const texts = new Set(vs.map((v) => figureText(i, v)));
    const one = [...texts][0]!;
    if (texts.size !== 1 || one === MISSING || vs.some((v) => isMarked(v) || v?.value == null)) return true;
    alike.push({ ind: i, text: valueText(i, vs[0]) });
    return false;
  });
  const tables: ReportTable[] = [];
  // the columns spread evenly over the tables: 19 as 5, 5, 5 and 4, not 6, 6, 6 and a table of
  // one column on half a page (the final review)
  const per = Math.ceil(inds.length / Math.max(1, Math.ceil(inds.length / perTable)));
  for (let k = 0; k < inds.length; k += per) {
    const part = inds.slice(k, k + per);
    let marked = false;
    let notApplicable = false;
    // a town's ratio printed at the district target while below it (庞各庄镇 5.49 as 5.5): noted
    // unrounded, as 表1 notes the district's, so the count of towns below it in the text adds up
    const rounding: string[] = [];
    const rows = geography.towns.map((t): Cell[] => [
      { text: t.name, header: true },
      ...part.map((i): Cell => {
        if (!meaningfulFor(i, t)) {
          notApplicable = true;
          return { text: NOT_APPLICABLE, num: true };
        }
        const v = values.get(year, t.code, i.id);
        if (isMarked(v)) marked = true;
        const below = i.aggregation === 'ratio' && v?.value != null ? decimalsBelowTarget(i, v.value) : null;
        const notes: string[] = [];
        if (below !== null) {
          notes.push(circled(rounding.length));
          rounding.push(`${notes.at(-1)}${t.name}的“${bareName(i)}”为${formatNumber(v!.value, below)}${i.unit}，低于全区目标${i.targetText.trim()}${i.unit}，未达到全区目标水平（表中修约后为${figureText(i, v)}）。`);
        }
        // a district-level facility the formula counts in its host town (兴丰's 2 centres, one of
        // them the district's: the 2021 review read the column as 兴丰's own two)
        const hosted = data && v?.value != null ? districtLevelHosted(data, i.metric, year, t.code) : [];
        if (hosted.length) {
          notes.push(circled(rounding.length));
          rounding.push(`${notes.at(-1)}${t.name}的“${bareName(i)}”${formatNumber(v!.value)}${i.unit}中含设在该${townKind(t)}的区级${hosted.map((x) => `“${x.name}”`).join('、')}（按指标口径计入所在镇街），${t.name}自有的为${formatNumber(v!.value! - hosted.length)}${i.unit}。`);
        }
        return { text: figureText(i, v), num: true, mark: [isMarked(v) ? INCOMPLETE_MARK : '', ...notes].join('') || undefined };
      }),
    ]);
    // the district last, in the towns' units (人 where it counts 万人): the level each town stands against
    rows.push([
      { text: '全区', header: true },
      ...part.map((i): Cell => {
        const v = values.districtValue(year, i.id);
        if (isMarked(v)) marked = true;
        return { text: figureText(i, v ? { ...v, geoLevel: 'town' } : v), num: true, strong: true, mark: isMarked(v) ? INCOMPLETE_MARK : undefined };
      }),
    ]);
    tables.push({
      caption: `${year}年各镇街指标值（${tables.length + 1}）`,
      columns: ['镇街', ...part.map((i) => `${i.id} ${bareName(i)}（${unitText(i, 'town') || '比值'}）`)],
      rows,
      className: 'compact towns',
      ...(marked || notApplicable || rounding.length
        ? {
            notes: [
              ...(marked ? [`标“${INCOMPLETE_MARK}”的数值所用数据不完整，仅供参考；未计入的数据见附录四“数据质量”。`] : []),
              ...(notApplicable ? [`“${NOT_APPLICABLE}”表示该指标不适用于该镇街（如村委会撤销只涉及镇）。`] : []),
              ...rounding,
            ],
          }
        : {}),
    });
  }
  return { tables, alike };
}
