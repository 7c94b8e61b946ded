/** Sentences of method shared by the reports and the site's method page. */

/** How towns are judged (evaluation.md: the plan sets no town targets). */
export const TOWN_METHOD_TEXT =
  '镇街层面规划未设目标：比率类指标以全区目标值为参照，判断是否达到全区目标水平；总量类指标报告其占全区的比重和较上年变化。全区比率类指标按各镇街分子之和除以分母之和计算，不取镇街比率的平均数。以万人、万元计的指标，镇街数值以人、元显示。';
