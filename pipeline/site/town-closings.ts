/**
 * The facilities a town's indicators count that stopped operating over the years a town page
 * shows, for the note under its table of years: a fall such as 天宫院街道's 千人养老机构床位数
 * 4.1 → 0.4 in 2021 had stood there with no cause, which only the reports gave (the site review:
 * the 352-bed home that stopped). The reports' closings (themes.ts closingsInPeriod) in a year
 * known to the next, largest first, each facility once with the indicators it moved.
 */
import { formatNumber } from '../basics/format.ts';
import { droppedFromRegister } from '../evaluate/details.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import type { Place } from '../plan/geography.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import { closingsInPeriod } from '../present/themes.ts';

/** Closings said on a page at most: the largest. */
const SHOWN = 3;

/** `2021年，北京市大兴区安心颐养中心（352张床位）停用，此后不再计入“每千名常住人口养老床位数”“千人养老机构床位数”。`, largest first. */
export function townClosings(plan: Plan, data: InputData, inds: readonly Indicator[], town: Place, until: number): string[] {
  const byFacility = new Map<string, { year: number; name: string; beds: number | null; listed: boolean; inds: Indicator[] }>();
  for (const ind of inds) {
    const period = closingsInPeriod({ plan, data }, ind, town, until);
    // in a year known to the next only: across a year without the sheets the year of the closing is not known
    for (const { year, x } of (period?.closed ?? []).filter((c) => c.from === undefined && !c.early)) {
      const key = `${year}|${x.town}|${x.name}`;
      // still listed (停用), or no longer on the sheet at all: closed, merged or renamed, not known which
      const entry = byFacility.get(key) ?? { year, name: x.name, beds: period!.beds ? x.beds : null, listed: droppedFromRegister(data, ind.metric, x, year, year) === null, inds: [] };
      if (period!.beds && entry.beds === null) entry.beds = x.beds;
      entry.inds.push(ind);
      byFacility.set(key, entry);
    }
  }
  return [...byFacility.values()]
    .sort((p, q) => (q.beds ?? 0) - (p.beds ?? 0) || p.year - q.year || (p.name < q.name ? -1 : 1))
    .slice(0, SHOWN)
    .map((c) => `${c.year}年${c.listed ? '，' : '起，'}${c.name}${c.beds ? `（${formatNumber(c.beds)}张床位）` : ''}${c.listed ? '停用' : '不再列入设施报表（可能已撤销、合并或更名）'}，此后不再计入${c.inds.map((i) => `“${i.name}”`).join('')}。`);
}
