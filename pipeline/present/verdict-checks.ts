/**
 * The final verdicts a reader is asked to hold until data are checked: a 完成 or 基本完成 that a
 * cell to check (doubtful.ts) or a town missing (absent-towns.ts) could turn, and a binding
 * ratio met on data of which a sheet or rows were rejected, where what was lost could take it
 * below its target. One list, said at the top of the final evaluation (overview.ts), on the
 * site's home page and on each such indicator's page: the home page had said 完成25项 with no
 * word of the four the report asks to check (the review of the flawed sample).
 * Pure: a report's facts, or the site's (the same values, lost lineage and sheet roles), in.
 */
import { judgeDistrictValue, type IndicatorValue } from '../evaluate/evaluate.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import type { Indicator } from '../plan/plan.ts';
import type { SheetRole } from '../warehouse/lineage.ts';
import { turnedByAbsence, type AbsentFacts } from './absent-towns.ts';
import { turnedByDoubt, type DoubtfulContext } from './doubtful.ts';
import { causesText, valueCauses, type LostCause } from './incomplete.ts';
import { items, names, quoted } from './phrases.ts';

/** What the checks are read from: a report's facts, or the site's for its latest year. */
export type CheckFacts = DoubtfulContext & AbsentFacts & {
  /** Each indicator's sheets as numerator or denominator, by year (`readSheetRoles`); without them any loss could turn a verdict. */
  sheetRoles?: readonly SheetRole[];
};

export interface VerdictChecks {
  /** Verdicts of 完成 or 基本完成 that a cell to check or a missing town would turn. */
  turned: Indicator[];
  /** Binding ratios met that rejected sheets or rows could take below the target, each with its sentence. */
  risky: { ind: Indicator; text: string }[];
}

/** The year's verdicts to check (none before the target year: the verdicts are the final evaluation's). */
export function verdictChecks(f: CheckFacts): VerdictChecks {
  const verdictOf = (ind: Indicator) => f.values.districtValue(f.year, ind.id)?.verdict;
  const turned = [...new Set([...turnedByDoubt(f), ...turnedByAbsence(f)])].filter((ind) => verdictOf(ind) === '完成' || verdictOf(ind) === '基本完成');
  return { turned, risky: bindingAtRisk(f, turned) };
}

/** Every indicator whose final verdict is to be checked: those turned, then the binding ones at risk. */
export function checkedIndicators(checks: VerdictChecks): Indicator[] {
  return [...checks.turned, ...checks.risky.map((x) => x.ind)];
}

/**
 * `完成的25项中，3项（“甲”“乙”“丙”）所依据的数据需核实，核实后可能为未完成；约束性指标“丁”所用数据中有未通过校验的表或行，也需核实`
 * — without its end, which the report (`（见下文）。`) and the site give; '' when there is nothing to check.
 */
export function checksSentence(f: CheckFacts, checks: VerdictChecks): string {
  const { turned, risky } = checks;
  const met = f.plan.indicators.filter((ind) => f.values.districtValue(f.year, ind.id)?.verdict === '完成').length;
  const riskyText = risky.length ? `约束性指标${risky.map((x) => quoted(x.ind)).join('')}所用数据中有未通过校验的表或行，也需核实` : '';
  if (!turned.length) return riskyText ? `完成的${items(met)}中，${riskyText}` : '';
  const allMet = turned.every((ind) => f.values.districtValue(f.year, ind.id)?.verdict === '完成');
  return `${allMet ? `完成的${items(met)}中，` : '其中'}${items(turned.length)}（${names(turned)}）所依据的数据需核实，核实后可能为未完成${riskyText ? `；${riskyText}` : ''}`;
}

/**
 * Binding ratio targets met on data of which a sheet or rows did not pass the checks, named with what
 * was left out (a review: 5A级婚姻登记机关比例 100 % 完成 with a supplementary sheet of offices
 * rejected whole, said only in 附录四 — every figure bore the mark of a file not read); not
 * those `turned` already says, nor a town's row missing (absentTownVerdicts).
 */
function bindingAtRisk(f: CheckFacts, turned: readonly Indicator[]): { ind: Indicator; text: string }[] {
  return f.plan.indicators.flatMap((ind) => {
    const v = f.values.districtValue(f.year, ind.id);
    // a ratio only: what a lost row or sheet adds to a count met can only raise it (210 beds of 200 stay met)
    if (!ind.isBinding || ind.aggregation !== 'ratio' || v?.verdict !== '完成' || v.isComplete || turned.some((t) => t.id === ind.id)) return [];
    const lost = valueCauses(f.lost ?? [], f.geography, f.year, ind.id, null).filter((c) => c.kind === 'sheet' || c.kind === 'row');
    if (!lost.length || !couldTurn(f, ind, v, lost)) return [];
    const departments = [...new Set(lost.map((c) => SHEET_BY_NAME.get(c.sheetKind ?? '')?.department).filter((d): d is string => !!d))];
    return [{ ind, text: `约束性指标${quoted(ind)}评为完成，所用的${f.year}年数据中${causesText(lost, { files: false })}，未计入的数据可能改变结论，需${departments.join('、') || '填报科室'}核实` }];
  });
}

/**
 * Whether what a ratio met lost (rejected sheets and rows) could take it below its target, at
 * the worst: a sheet that only adds to the numerator can only raise it (a rejected sheet of
 * stations); a rejected row of a sheet whose every row adds 1 to the denominator (a roster's
 * community) adds at most 1 there. The final review read 未计入的数据可能改变结论 of 基层慈善服务站点对
 * 社区覆盖率 at 6.8 % against 5 %, which the stations' sheet and 北枣林村's row could not take below
 * it. True wherever the sheets' parts are not known, or a sheet of the denominator was lost whole
 * or adds other amounts (a town's population).
 */
function couldTurn(f: CheckFacts, ind: Indicator, v: IndicatorValue, lost: readonly LostCause[]): boolean {
  const roles = (f.sheetRoles ?? []).filter((s) => s.indicatorId === ind.id && s.year === f.year);
  if (!roles.length || v.numerator === null || v.denominator === null || v.scale === null) return true;
  let extra = 0;
  for (const c of lost) {
    const of = roles.filter((s) => s.sheetKind === c.sheetKind);
    if (!of.length || of.some((s) => s.minContribution < 0)) return true;
    const denominator = of.find((s) => s.role === 'denominator');
    if (!denominator) continue;
    if (c.kind !== 'row' || denominator.minContribution !== 1 || denominator.maxContribution !== 1) return true;
    extra += 1;
  }
  const worst = (v.numerator * v.scale) / (v.denominator + extra);
  return judgeDistrictValue(ind, f.plan, f.year, worst).verdict !== '完成';
}
