/**
 * Facilities of the sample world over 2020–2025: elderly-care institutions, care centres
 * and community stations (养老服务设施), social-work agencies (社会工作服务机构) and town
 * psychological-service centres. Bed totals and counts follow `DISTRICT` in
 * sample-story.ts; individual facilities keep their size from year to year and grow in
 * modest steps.
 */
import { CARE_DEMO_CENTRE, DISTRICT, DISTRICT_CARE_INSTITUTIONS, STORY_YEARS, type Series } from './story.ts';
import { apportion, weightedSample, type Rng } from './rng.ts';
import { institutionName, socialWorkAgencyName, townShort, UniqueNames } from './names.ts';
import { existing, type Community } from './communities.ts';
import type { SampleTown } from './towns.ts';

const YEARS = STORY_YEARS.length;
const Y0 = STORY_YEARS[0];
export type OpStatus = '运营' | '在建' | '停用';

export interface CareFacility {
  name: string;
  town: SampleTown;
  type: '养老机构' | '养老照料中心' | '养老服务驿站';
  /** Per year index; null = not on the list. */
  status: (OpStatus | null)[];
  beds: number[];
}

export interface Agency {
  name: string;
  town: SampleTown;
  status: ('存续' | '注销' | null)[];
}

const blank = <T>(v: T) => new Array<T>(YEARS).fill(v);
const byRank = (towns: readonly SampleTown[]) => [...towns].sort((a, b) => b.rank - a.rank || a.index - b.index);

export function buildCareFacilities(towns: readonly SampleTown[], communities: readonly Community[], scale: number, rng: Rng): CareFacility[] {
  return [
    ...institutions(towns, scale, rng.fork('institutions')),
    ...centres(towns, scale, rng.fork('centres')),
    ...stations(towns, communities, scale, rng.fork('stations')),
  ];
}

function institutions(towns: readonly SampleTown[], scale: number, rng: Rng): CareFacility[] {
  const names = new UniqueNames();
  const list: (CareFacility & { size: number })[] = [];
  const add = (town: SampleTown, name: string, size: number, opens: number, closes: number | null = null) => {
    names.add(name);
    const f = { name, town, type: '养老机构' as const, status: blank<OpStatus | null>(null), beds: blank(0), size };
    for (let yi = 0; yi < YEARS; yi++) {
      const y = Y0 + yi;
      if (closes !== null && y >= closes + 2) continue;
      if (closes !== null && y >= closes) f.status[yi] = '停用';
      else if (y >= opens) f.status[yi] = '运营';
      else if (y === opens - 1) f.status[yi] = '在建';
    }
    list.push(f);
    return f;
  };
  const townByName = new Map(towns.map((t) => [t.name, t]));
  for (const d of DISTRICT_CARE_INSTITUTIONS) add(townByName.get(d.town)!, d.name, d.size, Y0);
  const demo = add(townByName.get(CARE_DEMO_CENTRE.town)!, CARE_DEMO_CENTRE.name, CARE_DEMO_CENTRE.beds, CARE_DEMO_CENTRE.opens);
  demo.status[CARE_DEMO_CENTRE.buildFrom - Y0] = '在建';
  for (const t of towns) {
    const short = townShort(t.name);
    if (t.type === '镇') add(t, `${t.name}敬老院`, rng.int(6, 15) * 10, Y0);
    const privates = Math.max(1, Math.round(t.profile.pop / 70));
    for (let i = 0; i < privates; i++) {
      const name = names.take(() => institutionName(rng, short), (n) => `${institutionName(rng, short)}${n}号院`);
      add(t, name, rng.int(8, 50) * 10, Y0);
    }
  }
  // Openings during the plan (besides the district demo centre in 2023) and one closure per scale unit.
  const ranked = byRank(towns);
  for (let yi = 1; yi < YEARS; yi++) {
    const extra = DISTRICT.institutionOpenings[yi] * scale - (Y0 + yi === CARE_DEMO_CENTRE.opens ? 1 : 0);
    for (let k = 0; k < extra; k++) {
      const t = ranked[(yi * 7 + k * 5) % ranked.length]!;
      const name = names.take(() => institutionName(rng, townShort(t.name)), (n) => `${institutionName(rng, townShort(t.name))}${n}号院`);
      add(t, name, rng.int(10, 16) * 10, Y0 + yi);
    }
  }
  const smalls = list.filter((f) => f.status[0] === '运营' && !DISTRICT_CARE_INSTITUTIONS.some((d) => d.name === f.name));
  for (const f of weightedSample(smalls, (f) => 1 / f.size, scale, rng)) {
    for (let yi = 1; yi < YEARS; yi++) f.status[yi] = yi <= 2 ? '停用' : null;
  }
  settleBeds(list, DISTRICT.institutionBeds, scale, rng);
  return list;
}

function centres(towns: readonly SampleTown[], scale: number, rng: Rng): CareFacility[] {
  const ranked = byRank(towns);
  const opened = new Map<SampleTown, number>();
  for (let yi = 0; yi < YEARS; yi++) {
    const n = Math.min(towns.length, DISTRICT.careCentres[yi] * scale);
    ranked.slice(0, n).forEach((t) => opened.has(t) || opened.set(t, yi));
  }
  const list: (CareFacility & { size: number })[] = [];
  for (const t of towns) {
    const from = opened.get(t);
    if (from === undefined) continue;
    const f = { name: `${t.name}养老照料中心`, town: t, type: '养老照料中心' as const, status: blank<OpStatus | null>(null), beds: blank(0), size: rng.chance(0.6) ? rng.int(4, 20) : 0 };
    for (let yi = 0; yi < YEARS; yi++) f.status[yi] = yi >= from ? '运营' : yi === from - 1 ? '在建' : null;
    if (from > 0) f.size = 10;
    list.push(f);
  }
  settleBeds(list, DISTRICT.centreBeds, scale, rng);
  return list;
}

function stations(towns: readonly SampleTown[], communities: readonly Community[], scale: number, rng: Rng): CareFacility[] {
  const list: (CareFacility & { size: number })[] = [];
  const hosts = new Set<Community>();
  const byTown = towns.map((): Community[] => []);
  for (const c of communities) byTown[c.town.index]!.push(c);
  const weights = towns.map((t) => t.profile.pop * (t.profile.elderlyPct / 15) * Math.exp(0.15 * t.profile.pace) * t.jitter);
  const open = (t: SampleTown, yi: number) => {
    const pool = byTown[t.index]!.filter((c) => !hosts.has(c) && existing(c, yi) && (c.kind === '社区' || c.size > 8));
    const host = pool.length ? rng.pick(pool) : null;
    if (host) hosts.add(host);
    const name = host ? `${t.name}${host.name}养老服务驿站` : `${t.name}第${list.length + 1}养老服务驿站`;
    const f = { name, town: t, type: '养老服务驿站' as const, status: blank<OpStatus | null>(null), beds: blank(0), size: rng.chance(0.12) ? rng.int(2, 6) : 0 };
    for (let k = yi; k < YEARS; k++) f.status[k] = '运营';
    if (yi > 0 && rng.chance(0.5)) f.status[yi - 1] = '在建';
    list.push(f);
  };
  const first = apportion(DISTRICT.serviceStations[0] * scale, weights);
  towns.forEach((t, ti) => {
    for (let k = 0; k < first[ti]!; k++) open(t, 0);
  });
  for (let yi = 1; yi < YEARS; yi++) {
    const running = list.filter((f) => f.status[yi] === '运营');
    // 2023: a few stations close for lack of business (停用, kept on the list one year).
    const closing = Y0 + yi === 2023 ? 2 * scale : 0;
    for (const f of weightedSample(running, () => 1, closing, rng)) {
      f.status[yi] = '停用';
      for (let k = yi + 1; k < YEARS; k++) f.status[k] = null;
    }
    const need = DISTRICT.serviceStations[yi] * scale - (running.length - closing);
    const where = apportion(Math.max(0, need), weights.map((w, ti) => w * (1 + ((yi + ti) % 3))));
    towns.forEach((t, ti) => {
      for (let k = 0; k < where[ti]!; k++) open(t, yi);
    });
  }
  settleBeds(list, DISTRICT.stationBeds, scale, rng);
  return list;
}

/**
 * Beds per facility and year: 2020 splits the district total over the operating
 * facilities by size; later years keep each facility's beds, give newcomers their size, and
 * close the gap to the district total with modest expansions (or trims).
 */
function settleBeds(list: (CareFacility & { size: number })[], totals: Series, scale: number, rng: Rng): void {
  const sized = (yi: number) => list.filter((f) => f.status[yi] === '运营' && f.size > 0);
  const first = sized(0);
  apportion(totals[0]! * scale, first.map((f) => f.size)).forEach((b, k) => (first[k]!.beds[0] = b));
  for (let yi = 1; yi < YEARS; yi++) {
    const live = sized(yi);
    for (const f of live) f.beds[yi] = f.status[yi - 1] === '运营' && f.beds[yi - 1]! > 0 ? f.beds[yi - 1]! : f.size;
    let gap = totals[yi]! * scale - live.reduce((s, f) => s + f.beds[yi]!, 0);
    const order = weightedSample(live, (f) => f.beds[yi]!, live.length, rng);
    for (let pass = 0; gap !== 0 && pass < 50; pass++) {
      for (const f of order) {
        if (gap === 0) break;
        const step = Math.max(1, Math.round(f.beds[yi]! * 0.08));
        const d = gap > 0 ? Math.min(gap, step) : -Math.min(-gap, step, f.beds[yi]! - 1);
        f.beds[yi]! += d;
        gap -= d;
      }
    }
    if (gap !== 0) throw new Error(`示例数据床位无法凑足：差 ${gap}`);
  }
  // Facilities not operating still show their designed beds (在建/停用 do not count).
  for (const f of list) {
    for (let yi = 0; yi < YEARS; yi++) {
      if (f.status[yi] && f.status[yi] !== '运营') f.beds[yi] = f.beds[yi - 1] || f.size;
    }
  }
}

export function buildAgencies(towns: readonly SampleTown[], scale: number, rng: Rng): Agency[] {
  const names = new UniqueNames();
  const list: Agency[] = [];
  const weights = towns.map((t) => t.profile.pop * Math.exp(0.2 * t.profile.pace) * t.jitter);
  const found = (count: number, yi: number, preStruck = false) => {
    apportion(count, weights).forEach((n, ti) => {
      const t = towns[ti]!;
      for (let k = 0; k < n; k++) {
        const name = names.take(() => socialWorkAgencyName(rng, townShort(t.name)), (m) => `${socialWorkAgencyName(rng, townShort(t.name))}（${m}）`);
        const a: Agency = { name, town: t, status: blank<'存续' | '注销' | null>(null) };
        for (let j = yi; j < YEARS; j++) a.status[j] = '存续';
        if (preStruck) {
          a.status[0] = '注销';
          for (let j = 1; j < YEARS; j++) a.status[j] = null;
        }
        list.push(a);
      }
    });
  };
  found(DISTRICT.agenciesOpen[0] * scale, 0);
  found(DISTRICT.agenciesStruckOff[0] * scale, 0, true);
  for (let yi = 1; yi < YEARS; yi++) {
    const live = list.filter((a) => a.status[yi] === '存续');
    const struck = weightedSample(live, () => 1, DISTRICT.agenciesStruckOff[yi] * scale, rng);
    for (const a of struck) {
      a.status[yi] = '注销';
      for (let j = yi + 1; j < YEARS; j++) a.status[j] = null;
    }
    found(DISTRICT.agenciesOpen[yi] * scale - (live.length - struck.length), yi);
  }
  return list;
}

/** Town psychological-service centres (镇街级): status per town and year. */
export function townPsychCentres(towns: readonly SampleTown[], scale: number, rng: Rng): Map<SampleTown, (OpStatus | null)[]> {
  const ranked = weightedSample(towns, (t) => Math.exp(0.6 * t.profile.pace), towns.length, rng);
  const out = new Map<SampleTown, (OpStatus | null)[]>();
  for (let yi = 0; yi < YEARS; yi++) {
    const n = Math.min(towns.length, DISTRICT.townPsychCentres[yi] * scale);
    ranked.slice(0, n).forEach((t) => {
      if (!out.has(t)) {
        const s = blank<OpStatus | null>(null);
        for (let k = yi; k < YEARS; k++) s[k] = '运营';
        if (yi > 0) s[yi - 1] = '在建';
        out.set(t, s);
      }
    });
  }
  return out;
}
