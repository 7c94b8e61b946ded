/**
 * The facilities that stopped operating over the years the site shows, for the notes under its
 * tables of years: on a town page, those its indicators count; on an indicator page, those of
 * every town it counts. A fall such as 天宫院街道's 千人养老机构床位数 4.1 → 0.4 in 2021 had stood
 * there with no cause, which only the reports gave (the site review: the 352-bed home that
 * stopped). The reports' closings (themes.ts closingsInPeriod) in a year known to the next,
 * largest first, each facility once with the indicators it moved.
 */
import { formatNumber } from '../basics/format.ts';
import { droppedFromRegister } from '../evaluate/details.ts';
import type { InputData } from '../ingest/read-inputs.ts';
import type { Place } from '../plan/geography.ts';
import type { Indicator, Plan } from '../plan/plan.ts';
import { closingsInPeriod } from '../present/themes.ts';

/** Closings said under a town's table at most, and under an indicator's: the largest. */
const SHOWN_FOR_TOWN = 3;
const SHOWN_FOR_INDICATOR = 5;

/** A facility that stopped in a year, with the indicators of `inds` it no longer counts in. */
interface Closing {
  year: number;
  town: Place;
  name: string;
  beds: number | null;
  /** Still on the facility sheet (停用), or no longer on it at all: closed, merged or renamed, not known which. */
  listed: boolean;
  inds: Indicator[];
}

function closings(plan: Plan, data: InputData, inds: readonly Indicator[], towns: readonly Place[], until: number): Closing[] {
  const byFacility = new Map<string, Closing>();
  for (const town of towns) {
    for (const ind of inds) {
      const period = closingsInPeriod({ plan, data }, ind, town, until);
      // in a year known to the next only: across a year without the sheets the year of the closing is not known
      for (const { year, x } of (period?.closed ?? []).filter((c) => c.from === undefined && !c.early)) {
        const key = `${year}|${x.town}|${x.name}`;
        const entry = byFacility.get(key) ?? { year, town, name: x.name, beds: period!.beds ? x.beds : null, listed: droppedFromRegister(data, ind.metric, x, year, year) === null, inds: [] };
        if (period!.beds && entry.beds === null) entry.beds = x.beds;
        entry.inds.push(ind);
        byFacility.set(key, entry);
      }
    }
  }
  return [...byFacility.values()].sort((p, q) => (q.beds ?? 0) - (p.beds ?? 0) || p.year - q.year || (p.name < q.name ? -1 : 1));
}

/** `2021年，北京市大兴区安心颐养中心（352张床位）停用`, or `2023年起，…不再列入设施报表（…）`. */
function event(c: Closing): string {
  return `${c.year}年${c.listed ? '，' : '起，'}${c.name}${c.beds ? `（${formatNumber(c.beds)}张床位）` : ''}${c.listed ? '停用' : '不再列入设施报表（可能已撤销、合并或更名）'}`;
}

/** `2021年，北京市大兴区安心颐养中心（352张床位）停用，此后不再计入“每千名常住人口养老床位数”“千人养老机构床位数”。`, largest first. */
export function townClosings(plan: Plan, data: InputData, inds: readonly Indicator[], town: Place, until: number): string[] {
  return closings(plan, data, inds, [town], until)
    .slice(0, SHOWN_FOR_TOWN)
    .map((c) => `${event(c)}，此后不再计入${c.inds.map((i) => `“${i.name}”`).join('')}。`);
}

/** `天宫院街道：2021年，北京市大兴区安心颐养中心（352张床位）停用，此后不再计入本指标。`, largest first, over every town. */
export function indicatorClosings(plan: Plan, data: InputData, ind: Indicator, towns: readonly Place[], until: number): string[] {
  const all = closings(plan, data, [ind], towns, until);
  const shown = all.slice(0, SHOWN_FOR_INDICATOR).map((c) => `${c.town.name}：${event(c)}，此后不再计入本指标。`);
  if (all.length > shown.length) shown.push(`另有 ${all.length - shown.length} 处设施停用或不再列入设施报表。`);
  return shown;
}
