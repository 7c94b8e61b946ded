/** Sentences of method shared by the reports and the site's method page. */
import { formatPercent } from '../basics/format.ts';
import { firstOutlookYear, THRESHOLDS } from '../evaluate/evaluate.ts';
import { NEW_ROW_FACTOR } from '../ingest/validate-year.ts';
import type { Plan } from '../plan/plan.ts';

/**
 * How the outlook (预判) is made, its reconciliation with the status included: without it a
 * reader could not reproduce five of the published outlooks from the trend (the site review),
 * and the final evaluation, which looks back on them, did not say it at all.
 */
export function outlookMethodText(plan: Pick<Plan, 'baselineYear' | 'targetYear'>, lookingBack = false): string {
  const likely = formatPercent(THRESHOLDS.outlookLikely, 0);
  const slow = formatPercent(THRESHOLDS.outlookSlow, 0);
  // the final evaluation makes no outlook of its own: it says how the years' were made
  return `${lookingBack ? '各年度评估对规划期末的预判' : `${plan.targetYear}预判`}（自${firstOutlookYear(plan.baselineYear)}年起作出，此前只有基期和当年两个数值）：已达到目标的为“已提前完成”；保持类指标当年保持的为“预计可保持”，未保持的为“需加快恢复”；其余以${plan.baselineYear}年至评估年度的数值拟合线性趋势，推算${plan.targetYear}年的完成进度：不低于${likely}为“预计可完成”，${slow}—${likely}为“需加快”，低于${slow}为“难以完成”。预判不与同年的进度评价相矛盾：“快于时序进度”的指标按基期以来的平均进度即可完成目标，预判至少为“预计可完成”（趋势推算低于${likely}的也是如此）；“滞后”“明显滞后”“逆向变化”的指标按平均进度不能完成，预判至多为“需加快”（趋势推算不低于${likely}的也是如此）。`;
}

/** How towns are judged (evaluation.md: the plan sets no town targets). */
export const TOWN_METHOD_TEXT =
  '镇街层面规划未设目标：比率类指标以全区目标值为参照，判断是否达到全区目标水平；总量类指标报告其占全区的比重和较上年变化。全区比率类指标按各镇街分子之和除以分母之和计算，不取镇街比率的平均数。分镇街的缺口按各镇街自身达到全区目标水平所需计算；比率类指标中高于目标的镇街在全区的比率中抵减了其余镇街的部分缺口，所以各镇街缺口之和可能大于全区的缺口。以万人、万元计的指标，镇街数值以人、元显示。';

/** How the year's verdict of 一、总体评价 is given (overview.ts verdict). */
export const VERDICT_METHOD_TEXT =
  '总体评价按评价有结果的指标中“已完成”“快于时序进度”“基本符合进度”的比例给出：四分之三及以上为“总体符合进度”，一半及以上为“总体基本符合进度”，不足一半为“总体滞后于时序进度”；“滞后”“明显滞后”“逆向变化”“未保持”的指标为未达到进度要求，按规划的体系列出分布。';

/**
 * How a key task's state is decided (evaluate/task-state.ts taskState, taskStateText). Looking
 * back (the final evaluation), the sections that compare a task with its time are the years'
 * reports' own: the final evaluation has no 主要任务进展 (a director's reading of the method
 * appendix found it pointing to a section the report did not have).
 */
export function taskMethodText(lookingBack = false): string {
  const compared = lookingBack
    ? '年度评估把推进中的任务与按该任务完成时限计的时间进度（规划期初，或规划期内列入台账的任务自列入之年年初，至完成时限已过去的比例）对照，低于的在年度报告的“主要任务进展”中逐项写明；本报告按规划末年的台账列出各项任务的状态（附录六），未完成的在“存在的主要问题”中写明，台账状态仍按科室填报。'
    : '对推进中的任务，报告把它与按该任务完成时限计的时间进度（规划期初，或规划期内列入台账的任务自列入之年年初，至完成时限已过去的比例）对照，低于的在“主要任务进展”中逐项写明，与未达到进度要求的指标相关的也在“存在问题”中写明，台账状态仍按科室填报。';
  return `重点任务的状态：台账填报为已完成或累计完成100%的为“已完成”，完成年份晚于完成时限的为“逾期完成”；未完成而已到完成时限的为“逾期未完成”（完成时限在评估年度的为“到期未完成”）；其余按牵头科室在台账中填报的状态，为“滞后”“未启动”或“按计划推进”。台账中的“累计完成”是牵头科室填报的任务完成程度，各项任务的完成时限不同，不与规划的时序进度直接比较；${compared}`;
}
/** How a figure resting on a count to be checked is reported (present/doubtful.ts). */
export const DOUBTFUL_METHOD_TEXT =
  `与上年相比变化超过一半的填报数据，以及本年新增、数值超过上年同类各行最大值${NEW_ROW_FACTOR}倍的行（可能是录入错误），照常计入，列为需要科室核实的记录；合计行与各行之和不符的列按各行计入，同样列为需要核实的记录。评价结论依赖这些数据的，报告在总体情况、指标表和数据质量中写明，并给出按上年数（新增的行不计，合计不符的按合计行）计算的数值和评价，供核实时参考，不据其提出提高目标的建议。`;
