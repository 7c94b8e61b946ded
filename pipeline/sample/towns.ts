/**
 * The sample's towns and streets (镇街): a profile for each of Daxing's 22 real ones
 * (size, age structure, how many communities and villages, how fast it implements the
 * plan), and the synthetic towns that `--scale K` adds, each a jittered copy of a real
 * profile. Also writes the extended geography.csv for scaled runs.
 */
import type { Geography, Place } from '../plan/geography.ts';
import { toCsv } from '../basics/csv.ts';
import type { Rng } from './rng.ts';

export interface TownProfile {
  /** Relative resident population (thousands, 2020, before exact scaling). */
  pop: number;
  /** 社区 and 村 existing at the end of 2020. */
  communities: number;
  villages: number;
  /** Share of residents aged 60+, per cent. */
  elderlyPct: number;
  /** Registered (户籍) residents per resident. */
  registeredRatio: number;
  /** Implementation pace: +2 well ahead … −2 well behind. */
  pace: number;
  /** Villages this town revokes (撤村建居) over 2021–2025. */
  revokeQuota: number;
  /** Communities founded over 2021–2025. */
  newCommunityQuota: number;
  /** Villages revoked before the plan period (kept in the list with their year). */
  revokedBefore: readonly number[];
}

/** Real towns in geography order. Sizes follow the 7th census order of magnitude. */
export const REAL_PROFILES: Readonly<Record<string, TownProfile>> = {
  兴丰街道: p(115, 22, 0, 17.5, 0.55, 2, 0, 0),
  林校路街道: p(72, 14, 0, 18.0, 0.6, 1, 0, 0),
  清源街道: p(118, 22, 0, 15.5, 0.5, 2, 0, 0),
  观音寺街道: p(86, 14, 0, 14.0, 0.42, 0, 0, 0),
  天宫院街道: p(92, 12, 0, 10.5, 0.25, -1, 0, 3),
  高米店街道: p(90, 14, 0, 13.0, 0.4, 1, 0, 0),
  荣华街道: p(96, 10, 0, 8.5, 0.2, 0, 0, 2),
  博兴街道: p(78, 8, 0, 9.0, 0.18, -2, 0, 3),
  亦庄镇: p(155, 11, 12, 10.0, 0.22, 1, 8, 3),
  黄村镇: p(210, 10, 52, 14.0, 0.35, 1, 24, 5, [2019, 2019]),
  旧宫镇: p(228, 13, 16, 12.5, 0.28, 0, 10, 4),
  西红门镇: p(226, 12, 27, 12.0, 0.27, 0, 18, 4, [2020]),
  瀛海镇: p(118, 8, 24, 13.0, 0.33, -1, 14, 4),
  青云店镇: p(48, 2, 51, 20.5, 0.85, 0, 0, 0),
  采育镇: p(44, 2, 58, 21.0, 0.88, 1, 0, 0),
  安定镇: p(36, 1, 34, 22.0, 0.9, -2, 0, 0),
  礼贤镇: p(40, 2, 40, 21.5, 0.88, -1, 14, 2),
  榆垡镇: p(56, 4, 54, 20.0, 0.8, -1, 16, 2),
  庞各庄镇: p(58, 2, 48, 20.5, 0.82, 2, 8, 0),
  北臧村镇: p(42, 3, 23, 19.0, 0.75, 0, 10, 0),
  魏善庄镇: p(54, 2, 41, 20.0, 0.82, 1, 8, 0),
  长子营镇: p(38, 2, 46, 21.5, 0.9, -2, 0, 0),
};

function p(
  pop: number, communities: number, villages: number, elderlyPct: number, registeredRatio: number, pace: number,
  revokeQuota: number, newCommunityQuota: number, revokedBefore: readonly number[] = [],
): TownProfile {
  return { pop, communities, villages, elderlyPct, registeredRatio, pace, revokeQuota, newCommunityQuota, revokedBefore };
}

export interface SampleTown {
  /** Position in the sample (real towns first, in geography order). */
  index: number;
  code: string;
  name: string;
  type: '街道' | '镇';
  aliases: string[];
  synthetic: boolean;
  profile: TownProfile;
  /** Stable per-town factor around 1 for spreading district totals. */
  jitter: number;
  /** Pace plus a small random tie-breaker: ranks towns for "which towns are first". */
  rank: number;
}

/** The real towns of the geography plus `(scale − 1) × 22` synthetic ones. */
export function sampleTowns(geo: Geography, scale: number, rng: Rng): SampleTown[] {
  const real = geo.towns;
  for (const t of real) {
    if (!REAL_PROFILES[t.name]) throw new Error(`示例数据没有“${t.name}”的镇街概况（sample-towns.ts）`);
  }
  const towns: SampleTown[] = real.map((t: Place, i) => ({
    index: i,
    code: t.code,
    name: t.name,
    type: t.type === '街道' ? '街道' : '镇',
    aliases: t.aliases,
    synthetic: false,
    profile: REAL_PROFILES[t.name]!,
    jitter: 1,
    rank: REAL_PROFILES[t.name]!.pace + rng.next() * 0.5,
  }));
  const total = real.length * scale;
  for (let i = real.length; i < total; i++) {
    const proto = REAL_PROFILES[real[i % real.length]!.name]!;
    const jitter = 0.85 + rng.next() * 0.3;
    const pace = Math.max(-2, Math.min(2, proto.pace + rng.int(-1, 1)));
    const n = i + 1;
    towns.push({
      index: i,
      code: `syn-${String(n).padStart(3, '0')}`,
      name: `合成${n}镇`,
      type: '镇',
      aliases: [],
      synthetic: true,
      profile: { ...proto, pace },
      jitter,
      rank: pace + rng.next() * 0.5,
    });
  }
  return towns;
}

/** geography.csv for a scaled sample: the real rows as given, then the synthetic towns. */
export function geographyCsv(geo: Geography, towns: readonly SampleTown[]): string {
  const d = geo.district;
  const rows = [d, ...geo.towns].map((pl) => ({
    code: pl.code,
    name: pl.name,
    type: pl.type,
    parent: pl.parentCode ?? '',
    aliases: pl.aliases.join(';'),
    stat_code: pl.statCode ?? '',
  }));
  for (const t of towns) {
    if (t.synthetic) rows.push({ code: t.code, name: t.name, type: t.type, parent: d.code, aliases: '', stat_code: '' });
  }
  return toCsv(['code', 'name', 'type', 'parent', 'aliases', 'stat_code'], rows);
}
