/** Sentences of method shared by the reports and the site's method page. */

/** How towns are judged (evaluation.md: the plan sets no town targets). */
export const TOWN_METHOD_TEXT =
  '镇街层面规划未设目标：比率类指标以全区目标值为参照，判断是否达到全区目标水平；总量类指标报告其占全区的比重和较上年变化。全区比率类指标按各镇街分子之和除以分母之和计算，不取镇街比率的平均数。以万人、万元计的指标，镇街数值以人、元显示。';

/** How a key task's state is decided (evaluate/task-state.ts taskState, taskStateText). */
export const TASK_METHOD_TEXT =
  '重点任务的状态：台账填报为已完成或累计完成100%的为“已完成”，完成年份晚于完成时限的为“逾期完成”；未完成而已到完成时限的为“逾期未完成”（完成时限在评估年度的为“到期未完成”）；其余按牵头科室在台账中填报的状态，为“滞后”“未启动”或“按计划推进”。台账中的“累计完成”是牵头科室填报的任务完成程度，各项任务的起始时间不同，不与时序进度直接比较。';

/** How a figure resting on a count to be checked is reported (present/doubtful.ts). */
export const DOUBTFUL_METHOD_TEXT =
  '与上年相比变化超过一半的填报数据（可能是录入错误）照常计入，列为需要科室核实的记录；评价结论依赖这些数据的，报告在总体情况、指标表和数据质量中写明，并给出按上年数计算的数值和评价，供核实时参考，不据其提出提高目标的建议。';
