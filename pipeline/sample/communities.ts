/**
 * The community and village list (社区村名录) of the sample world over 2020–2025: which
 * exist, which villages are revoked (撤村建居) and which communities are founded, and the
 * per-year attributes behind indicators 13–17, 23, 28 and 30 (election method, workers,
 * 书记工作室, 楼门院 sites, volunteer/charity/psychological stations).
 */
import { DISTRICT, STORY_YEARS, type Series } from './story.ts';
import { apportionCapped, weightedSample, type Rng } from './rng.ts';
import { communityName, newCommunityName, UniqueNames, villageName } from './names.ts';
import type { SampleTown } from './towns.ts';

export type Election = '直接选举' | '户代表选举' | '代表选举';
const YEARS = STORY_YEARS.length;
const Y0 = STORY_YEARS[0];

export interface Community {
  id: number;
  town: SampleTown;
  name: string;
  kind: '社区' | '村';
  /** First year on the list. */
  born: number;
  /** Year revoked (撤销年份), or null. */
  revoked: number | null;
  /** Relative size (households / 100). */
  size: number;
  /** Per year index (0 = 2020). */
  workers: number[];
  local: number[];
  election: (Election | null)[];
  studio: boolean[];
  governance: number[];
  /** Volunteer stations in the community (0, 1 or 2). */
  volunteer: number[];
  charity: boolean[];
  psych: ('运营' | '在建' | null)[];
}

/** On the list in `yi` (existing or revoked). */
export const listed = (c: Community, yi: number) => c.born - Y0 <= yi;
/** Existing (状态 = 存续) in `yi`. */
export const existing = (c: Community, yi: number) => listed(c, yi) && (c.revoked === null || c.revoked - Y0 > yi);

const paceWeight = (t: SampleTown, strength: number) => Math.exp(strength * t.profile.pace);

export function buildCommunities(towns: readonly SampleTown[], scale: number, rng: Rng): Community[] {
  const all: Community[] = [];
  const byTown = towns.map((): Community[] => []);
  const namesByTown = towns.map(() => new UniqueNames());
  const make = (town: SampleTown, kind: '社区' | '村', born: number, fresh = false): Community => {
    const r = rng.fork(`community:${town.index}:${all.length}`);
    const names = namesByTown[town.index]!;
    const name = kind === '村'
      ? names.take(() => villageName(r), (n) => `${villageName(r).replace(/村$/, '')}${n}村`)
      : names.take(() => (fresh ? newCommunityName(r) : communityName(r)), (n) => `${communityName(r).replace(/社区$/, '')}${n}社区`);
    const size = kind === '社区' ? r.int(12, 60) : r.int(2, 15);
    const c: Community = {
      id: all.length, town, name, kind, born, revoked: null, size,
      workers: new Array(YEARS).fill(0), local: new Array(YEARS).fill(0), election: new Array(YEARS).fill(null),
      studio: new Array(YEARS).fill(false), governance: new Array(YEARS).fill(0), volunteer: new Array(YEARS).fill(0),
      charity: new Array(YEARS).fill(false), psych: new Array(YEARS).fill(null),
    };
    all.push(c);
    byTown[town.index]!.push(c);
    return c;
  };
  for (const t of towns) {
    for (let i = 0; i < t.profile.communities; i++) make(t, '社区', Y0);
    for (let i = 0; i < t.profile.villages; i++) make(t, '村', Y0);
    for (const year of t.profile.revokedBefore) make(t, '村', Y0).revoked = year;
  }
  // Revocations and new communities, year by year, spread by each town's remaining quota.
  const revokeLeft = towns.map((t) => t.profile.revokeQuota);
  const newLeft = towns.map((t) => t.profile.newCommunityQuota);
  for (let yi = 1; yi < YEARS; yi++) {
    const year = Y0 + yi;
    const revokeNow = apportionCapped(DISTRICT.villagesRevoked[yi] * scale, revokeLeft, revokeLeft);
    const newNow = apportionCapped(DISTRICT.newCommunities[yi] * scale, newLeft, newLeft);
    towns.forEach((t, ti) => {
      revokeLeft[ti]! -= revokeNow[ti]!;
      newLeft[ti]! -= newNow[ti]!;
      const candidates = byTown[ti]!.filter((c) => c.kind === '村' && existing(c, yi));
      for (const c of weightedSample(candidates, (c) => 20 - c.size, revokeNow[ti]!, rng)) c.revoked = year;
      for (let k = 0; k < newNow[ti]!; k++) make(t, '社区', year, true);
    });
  }
  assignWorkers(all, rng.fork('workers'));
  assignElections(all, rng.fork('elections'));
  assignFlags(all, scale, rng.fork('flags'));
  return all;
}

function assignWorkers(all: Community[], rng: Rng): void {
  const propensity = new Map<number, number>();
  for (const c of all) {
    const base = c.kind === '村' ? 0.72 : c.town.type === '街道' ? 0.24 : 0.32;
    propensity.set(c.id, Math.max(0.05, Math.min(0.95, base + (rng.next() - 0.5) * 0.2)));
    let w = c.kind === '社区' ? 7 + Math.round(c.size / 4) + (c.born > Y0 ? -3 : 0) : 3 + Math.round(c.size / 3);
    for (let yi = 0; yi < YEARS; yi++) {
      if (yi > 0 && rng.chance(0.25)) w = Math.max(c.kind === '社区' ? 6 : 3, w + (rng.chance(0.6) ? 1 : -1));
      c.workers[yi] = listed(c, yi) ? w : 0;
    }
  }
  for (let yi = 0; yi < YEARS; yi++) {
    const live = all.filter((c) => existing(c, yi));
    const total = live.reduce((s, c) => s + c.workers[yi]!, 0);
    const target = Math.round((DISTRICT.localWorkerPct[yi] / 100) * total);
    const parts = apportionCapped(target, live.map((c) => c.workers[yi]! * propensity.get(c.id)!), live.map((c) => c.workers[yi]!));
    live.forEach((c, k) => (c.local[yi] = parts[k]!));
    for (const c of all) if (!existing(c, yi)) c.workers[yi] = 0;
  }
}

function assignElections(all: Community[], rng: Rng): void {
  const style = new Map<number, Election>();
  for (const c of all) style.set(c.id, rng.chance(0.7) ? '直接选举' : '户代表选举');
  const flagged = evolveSet(all.filter((c) => c.kind === '社区'), DISTRICT.directElectionPct, 'pct', 1, rng, (c, yi) =>
    (c.born - Y0 === yi && yi > 0 ? 40 : 1) * paceWeight(c.town, 0.4));
  for (const c of all) {
    if (c.kind !== '社区') continue;
    for (let yi = 0; yi < YEARS; yi++) if (listed(c, yi)) c.election[yi] = flagged[yi]!.has(c) ? style.get(c.id)! : '代表选举';
  }
}

function assignFlags(all: Community[], scale: number, rng: Rng): void {
  const communities = all.filter((c) => c.kind === '社区');
  const studio = evolveSet(communities, DISTRICT.secretaryStudios, 'count', scale, rng.fork('studio'), (c) => paceWeight(c.town, 0.6) * c.size);
  const volunteer = evolveSet(all, DISTRICT.volunteerCoveragePct, 'pct', scale, rng.fork('volunteer'), (c) =>
    (c.kind === '社区' ? 3 : 1) * paceWeight(c.town, 0.35));
  const charity = evolveSet(all, DISTRICT.charityCoveragePct, 'pct', scale, rng.fork('charity'), (c) =>
    (c.kind === '社区' ? 2 : 1) * paceWeight(c.town, 0.8));
  const psych = evolveSet(all, DISTRICT.psychCoveragePct, 'pct', scale, rng.fork('psych'), (c) =>
    (c.kind === '社区' ? 2.5 : 1) * paceWeight(c.town, 0.5));
  const second = rng.fork('second-station');
  const hasSecond = new Set(all.filter((c) => c.kind === '社区' && second.chance(0.18)).map((c) => c.id));
  const buildNote = rng.fork('psych-building');
  for (const c of all) {
    for (let yi = 0; yi < YEARS; yi++) {
      c.studio[yi] = studio[yi]!.has(c);
      c.volunteer[yi] = volunteer[yi]!.has(c) ? (hasSecond.has(c.id) && (yi > 0 || c.id % 3 === 0) ? 2 : 1) : 0;
      c.charity[yi] = charity[yi]!.has(c);
      if (psych[yi]!.has(c)) c.psych[yi] = '运营';
      else if (yi + 1 < YEARS && psych[yi + 1]!.has(c) && existing(c, yi) && buildNote.chance(0.35)) c.psych[yi] = '在建';
    }
  }
  assignGovernance(communities, scale, rng.fork('governance'));
}

/** 楼门院 sites: a community goes 0 → 1 or 2, later +1 only from 2 upwards (no doubling). */
function assignGovernance(communities: Community[], scale: number, rng: Rng): void {
  for (let yi = 0; yi < YEARS; yi++) {
    const live = communities.filter((c) => existing(c, yi));
    for (const c of live) c.governance[yi] = yi > 0 ? c.governance[yi - 1]! : 0;
    let need = DISTRICT.governanceSites[yi] * scale - live.reduce((s, c) => s + c.governance[yi]!, 0);
    const order = weightedSample(live, (c) => paceWeight(c.town, 0.5) * (c.governance[yi]! === 1 ? 0.02 : 1), live.length, rng);
    for (const c of order) {
      if (need <= 0) break;
      const g = c.governance[yi]!;
      if (g === 1) continue;
      const add = g === 0 ? (need >= 2 && rng.chance(0.3) ? 2 : 1) : 1;
      c.governance[yi] = g + add;
      need -= add;
    }
  }
}

/**
 * A set of communities that grows year by year to a target (a count × scale, or a per cent
 * of the candidates existing that year); members leave only when revoked.
 */
function evolveSet(
  candidates: readonly Community[], series: Series, mode: 'count' | 'pct', scale: number, rng: Rng,
  weight: (c: Community, yi: number) => number,
): Set<Community>[] {
  const out: Set<Community>[] = [];
  let prev = new Set<Community>();
  for (let yi = 0; yi < YEARS; yi++) {
    const live = candidates.filter((c) => existing(c, yi));
    const target = mode === 'count' ? series[yi]! * scale : Math.round((series[yi]! / 100) * live.length);
    const cur = new Set(live.filter((c) => prev.has(c)));
    if (cur.size > target) {
      const drop = weightedSample([...cur], (c) => 1 / weight(c, yi), cur.size - target, rng);
      for (const c of drop) cur.delete(c);
    } else if (cur.size < target) {
      const pool = live.filter((c) => !cur.has(c));
      for (const c of weightedSample(pool, (c) => weight(c, yi), target - cur.size, rng)) cur.add(c);
    }
    out.push(cur);
    prev = cur;
  }
  return out;
}
