/**
 * The plan's printed baseline against the data's value of the baseline year. The printed
 * figure is used everywhere (tables, charts, text); where the data give a different value at
 * the printed precision, the page that shows the printed one says so (evaluation.md).
 */
import { formatValue } from '../basics/format.ts';
import { differingBaseline } from '../evaluate/printed-baseline.ts';
import type { Indicator } from '../plan/plan.ts';

/** Beside a printed baseline in the text: `（规划印发的基期值；按科室报送数据计算为9.1%）`, or '' where the data agree. */
export function baselineAside(ind: Indicator, computed: number | null | undefined): string {
  const other = differingBaseline(ind, computed);
  return other === null ? '' : `（规划印发的基期值；按科室报送数据计算为${formatValue(ind, other)}）`;
}
