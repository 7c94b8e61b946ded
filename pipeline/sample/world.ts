/**
 * The whole sample world for 2020–2025: towns with their yearly figures (population,
 * extreme-poverty support, home care, social organisations, social workers, volunteers,
 * burials, yes/no programmes), the community list and the facilities. District totals come
 * from sample-story.ts and are split over the towns with stable per-town weights, so each
 * town's figures move with the district's and towns differ by level and pace.
 */
import type { Geography } from '../plan/geography.ts';
import { DISTRICT, STORY_YEARS, type Series } from './story.ts';
import { apportion, apportionCapped, createRng, type Rng } from './rng.ts';
import { sampleTowns, type SampleTown } from './towns.ts';
import { buildCommunities, type Community } from './communities.ts';
import { buildAgencies, buildCareFacilities, townPsychCentres, type Agency, type CareFacility, type OpStatus } from './facilities.ts';
import { buildKeyTasks, buildServices, type KeyTask, type Service } from './tasks.ts';

const YEARS = STORY_YEARS.length;

export interface TownYear {
  residents: number;
  registered: number;
  elderly: number;
  children: number;
  poor: number;
  needing: number;
  cared: number;
  familyBeds: number;
  carers: number;
  rehab: boolean;
  orgs: number;
  federation: boolean;
  professionals: number;
  certified: number;
  volunteers: number;
  burials: number;
  eco: number;
  /** 镇 only. */
  cemetery: boolean | null;
  psychCentre: OpStatus | null;
}

export interface World {
  seed: number;
  scale: number;
  towns: SampleTown[];
  /** townYears[town.index][year index]. */
  townYears: TownYear[][];
  communities: Community[];
  care: CareFacility[];
  agencies: Agency[];
  services: Service[];
  tasks: KeyTask[];
}

export function buildWorld(geo: Geography, seed: number, scale: number): World {
  const rng = createRng(seed);
  const towns = sampleTowns(geo, scale, rng.fork('towns'));
  const communities = buildCommunities(towns, scale, rng.fork('communities'));
  return {
    seed,
    scale,
    towns,
    townYears: townFigures(towns, communities, scale, rng.fork('figures')),
    communities,
    care: buildCareFacilities(towns, communities, scale, rng.fork('care')),
    agencies: buildAgencies(towns, scale, rng.fork('agencies')),
    services: buildServices(rng.fork('services')),
    tasks: buildKeyTasks(),
  };
}

/** Split a district series (× scale) over towns, per year, by weight(town, year index). */
function split(towns: readonly SampleTown[], total: (yi: number) => number, weight: (t: SampleTown, yi: number) => number): number[][] {
  const out = towns.map(() => new Array<number>(YEARS).fill(0));
  for (let yi = 0; yi < YEARS; yi++) {
    apportion(total(yi), towns.map((t) => weight(t, yi))).forEach((v, ti) => (out[ti]![yi] = v));
  }
  return out;
}

function splitCapped(towns: readonly SampleTown[], total: (yi: number) => number, weight: (t: SampleTown, yi: number) => number, cap: (ti: number, yi: number) => number): number[][] {
  const out = towns.map(() => new Array<number>(YEARS).fill(0));
  for (let yi = 0; yi < YEARS; yi++) {
    apportionCapped(total(yi), towns.map((t) => weight(t, yi)), towns.map((_, ti) => cap(ti, yi))).forEach((v, ti) => (out[ti]![yi] = v));
  }
  return out;
}

/** The first `n(yi)` towns of a ranking have the programme in year `yi` (and keep it). */
function rollout(ranked: readonly SampleTown[], n: (yi: number) => number): Map<SampleTown, boolean[]> {
  const out = new Map<SampleTown, boolean[]>();
  for (const t of ranked) out.set(t, new Array<boolean>(YEARS).fill(false));
  for (let yi = 0; yi < YEARS; yi++) ranked.slice(0, n(yi)).forEach((t) => (out.get(t)![yi] = true));
  return out;
}

function townFigures(towns: readonly SampleTown[], communities: readonly Community[], scale: number, rng: Rng): TownYear[][] {
  const d = DISTRICT;
  const sum = (s: Series) => (yi: number) => s[yi]! * scale;
  const pr = (t: SampleTown) => t.profile;
  const growth = (t: SampleTown, yi: number) => 1 + yi * (pr(t).newCommunityQuota > 0 ? 0.006 : pr(t).villages > 30 ? -0.002 : 0.001);
  const residents = split(towns, sum(d.residents), (t, yi) => pr(t).pop * t.jitter * growth(t, yi));
  const registered = split(towns, sum(d.registered), (t) => pr(t).pop * pr(t).registeredRatio * t.jitter);
  const elderly = split(towns, sum(d.elderly60), (t, yi) => pr(t).pop * t.jitter * pr(t).elderlyPct * (1 + yi * (pr(t).villages > 30 ? 0.01 : 0.004)));
  const childShare = towns.map((t) => 0.15 + (t.index % 5) * 0.007);
  const children = split(towns, sum(d.children), (t) => pr(t).pop * pr(t).registeredRatio * t.jitter * childShare[t.index]!);
  const ruralness = (t: SampleTown) => pr(t).registeredRatio * (1 + pr(t).villages / 40);
  // Even the most urban street has a handful of 特困 people (the floor keeps small counts from doubling).
  const poorWeight = (t: SampleTown) => (pr(t).pop * pr(t).registeredRatio * ruralness(t) + 8) * t.jitter;
  const poor = split(towns, sum(d.extremePoor), poorWeight);
  const needing = splitCapped(towns, sum(d.needingCare), (t) => poorWeight(t) * (0.8 + (t.index % 4) * 0.1), (ti, yi) => poor[ti]![yi]!);
  // Shortfall of 集中供养 (2022) sits in the slowest towns with enough people waiting.
  const slow = [...towns].sort((a, b) => a.rank - b.rank || a.index - b.index);
  const cared = needing.map((row) => [...row]);
  for (let yi = 0; yi < YEARS; yi++) {
    let short = (d.needingCare[yi]! - d.caredFor[yi]!) * scale;
    for (const t of slow) {
      if (short <= 0) break;
      const take = Math.min(short, Math.floor(needing[t.index]![yi]! * 0.12));
      cared[t.index]![yi]! -= take;
      short -= take;
    }
  }
  const familyBeds = split(towns, sum(d.familyCareBeds), (t) => pr(t).pop * pr(t).elderlyPct * t.jitter * Math.exp(0.15 * pr(t).pace));
  const elderlyTotal = (yi: number) => elderly.reduce((s, r) => s + r[yi]!, 0);
  const carers = split(towns, (yi) => Math.round((d.carersPer10k[yi]! * elderlyTotal(yi)) / 10000), (t) => pr(t).pop * pr(t).elderlyPct * t.jitter * (1 + 0.08 * pr(t).pace));
  const commCount = towns.map(() => 0);
  for (const c of communities) if (c.born === STORY_YEARS[0]) commCount[c.town.index]!++;
  const orgs = split(towns, sum(d.communityOrgs), (t) => (commCount[t.index]! + 3) * t.jitter * Math.exp(0.2 * pr(t).pace));
  const professionals = split(towns, sum(d.professionals), (t) => pr(t).pop * t.jitter * Math.exp(0.12 * pr(t).pace));
  const certified = splitCapped(towns, sum(d.certified), (t) => pr(t).pop * t.jitter * Math.exp(0.15 * pr(t).pace), (ti, yi) => professionals[ti]![yi]!);
  const residentTotal = (yi: number) => residents.reduce((s, r) => s + r[yi]!, 0);
  const volunteers = split(towns, (yi) => Math.round((d.volunteerPct[yi]! / 100) * residentTotal(yi)), (t) => pr(t).pop * t.jitter * Math.exp(0.1 * pr(t).pace) * (t.type === '街道' ? 1.15 : 1));
  const burials = split(towns, sum(d.burials), (t) => pr(t).pop * pr(t).registeredRatio * pr(t).elderlyPct * t.jitter);
  const burialTotal = (yi: number) => burials.reduce((s, r) => s + r[yi]!, 0);
  const eco = splitCapped(towns, (yi) => Math.round((d.ecoBurialPct[yi]! / 100) * burialTotal(yi)), (t) => pr(t).pop * pr(t).registeredRatio * pr(t).elderlyPct * t.jitter * Math.exp(0.12 * pr(t).pace), (ti, yi) => burials[ti]![yi]!);
  // Yes/no programmes roll out town by town, ahead towns first (different order per programme).
  const order = (label: string, strength: number) => {
    const r = rng.fork(label);
    return [...towns].map((t) => ({ t, k: t.rank * strength + r.next() * 1.5 })).sort((a, b) => b.k - a.k || a.t.index - b.t.index).map((x) => x.t);
  };
  const rehab = rollout(order('rehab', 1), (yi) => Math.min(towns.length, d.rehabTowns[yi]! * scale));
  const federation = rollout(order('federation', 0.8), (yi) => Math.min(towns.length, d.federationTowns[yi]! * scale));
  const zhen = order('cemetery', 0.6).filter((t) => t.type === '镇');
  const cemetery = rollout(zhen, (yi) => Math.round(d.cemeteryTownShare[yi]! * zhen.length));
  const psych = townPsychCentres(towns, scale, rng.fork('psych-centres'));
  return towns.map((t, ti) =>
    Array.from({ length: YEARS }, (_, yi) => ({
      residents: residents[ti]![yi]!,
      registered: registered[ti]![yi]!,
      elderly: elderly[ti]![yi]!,
      children: children[ti]![yi]!,
      poor: poor[ti]![yi]!,
      needing: needing[ti]![yi]!,
      cared: cared[ti]![yi]!,
      familyBeds: familyBeds[ti]![yi]!,
      carers: carers[ti]![yi]!,
      rehab: rehab.get(t)![yi]!,
      orgs: orgs[ti]![yi]!,
      federation: federation.get(t)![yi]!,
      professionals: professionals[ti]![yi]!,
      certified: certified[ti]![yi]!,
      volunteers: volunteers[ti]![yi]!,
      burials: burials[ti]![yi]!,
      eco: eco[ti]![yi]!,
      cemetery: t.type === '镇' ? cemetery.get(t)![yi]! : null,
      psychCentre: psych.get(t)?.[yi] ?? null,
    })),
  );
}
