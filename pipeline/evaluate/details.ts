/**
 * Facts below the indicators that the reports name, read from the validated rows: the
 * communities (村/社区) that lack what a coverage indicator counts, the 街镇 that have what a
 * district indicator counting 街镇 counts, and the facilities opened or closed in a period.
 * The rules mirror the SQL models (int_communities_existing, the facility indicators), and the
 * callers check the counts against the indicator's numerator and denominator before naming
 * anything.
 *
 * Each rule is keyed by the indicator's metric (its formula, `ind_<metric>.sql`), which is what it
 * mirrors, not by the plan's number for the indicator: another plan that numbers its indicators
 * otherwise gets the same facts for the same formulas, and none for formulas these rules do not
 * know (keyed by number, the 14th plan's 3 — 养老服务设施 beds — would have been read into
 * whatever another plan numbered 3).
 */
import type { InputData } from '../ingest/read-inputs.ts';
import type { LoadedRow } from '../ingest/records.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';

interface CoverageRule {
  /** The sheet whose rows mark a community as covered; absent: the roster's own row says it. */
  sheet?: string;
  counts(row: LoadedRow): boolean;
  /** The existing communities the indicator is about (default: all, 社区 and 村). */
  among?(row: LoadedRow): boolean;
  /** The lack in words, and what is counted: `尚未覆盖的` … `社区（村）`. */
  lack: string;
  units: string;
}

/** Coverage indicators whose missing communities can be named (indicator-formulas.md). */
const COVERAGE: Readonly<Record<string, CoverageRule>> = {
  direct_election_share: {
    counts: (r) => r.values.election_method === '直接选举' || r.values.election_method === '户代表选举',
    among: (r) => r.values.community_type === '社区',
    lack: '尚未实行直接选举或户代表选举的',
    units: '社区',
  },
  volunteer_station_coverage: { sheet: '志愿服务站点', counts: () => true, lack: '尚未覆盖的', units: '社区（村）' },
  charity_station_coverage: { sheet: '慈善服务站点', counts: () => true, lack: '尚未覆盖的', units: '社区（村）' },
  psych_service_coverage: { sheet: '社会心理服务站点', counts: (r) => r.values.site_level === '社区村级' && r.values.operating_status === '运营', lack: '尚未覆盖的', units: '社区（村）' },
};

export function namesCommunities(metric: string): boolean {
  return metric in COVERAGE;
}

/** Whether a coverage indicator counts sites built in the communities (a sheet of stations), not a way of electing. */
export function coversBySites(metric: string): boolean {
  return COVERAGE[metric]?.sheet !== undefined;
}

/** District indicators that count 街镇 (each has what is counted or not), by the sheet that says so per town. */
const TOWN_COVERAGE: Readonly<Record<string, { sheet: string; has(row: LoadedRow): boolean; what: string; without: string; places: string }>> = {
  mental_rehab_town_share: { sheet: '精神障碍社区康复', has: (r) => r.values.has_service === true, what: '开展精神障碍社区康复服务', without: '尚未开展', places: '镇街' },
  // all 22 town reports of 2023 listed 推进街镇级社区社会组织联合会建设 without saying whether the town had one (the town review)
  social_org_federation_town_share: { sheet: '社会组织', has: (r) => r.values.has_federation === true, what: '成立街镇级社会组织联合会', without: '尚未成立', places: '镇街' },
  // 镇 only: the 2023 report blamed the binding warning on the towns its ledger task names, both
  // covered, not on the two 镇 without (the third report review)
  public_cemetery_town_coverage: { sheet: '公益性公墓覆盖', has: (r) => r.values.is_covered === true, what: '实现公益性公墓服务覆盖', without: '尚未覆盖', places: '镇' },
};

/** The metrics `townsWith` answers for. */
export function townCoverageMetrics(): string[] {
  return Object.keys(TOWN_COVERAGE);
}

/**
 * For a district indicator that counts 街镇: what it counts (`开展精神障碍社区康复服务`), its
 * lack in a word (`尚未开展`), what the places are called (`镇街`, or `镇` where only 镇 are
 * counted), the towns (codes) that have it in `year`, those the sheet says lack it, and how
 * many towns the sheet has a row for; null for another indicator.
 */
export function townsWith(
  data: InputData,
  year: number,
  metric: string,
): { what: string; without: string; places: string; towns: Set<string>; lacking: Set<string>; rows: number } | null {
  const rule = TOWN_COVERAGE[metric];
  if (!rule) return null;
  const rows = rowsOf(data, year, rule.sheet);
  const towns = new Set<string>();
  const lacking = new Set<string>();
  for (const r of rows) (rule.has(r) ? towns : lacking).add(text(r.values.town));
  return { what: rule.what, without: rule.without, places: rule.places, towns, lacking, rows: rows.length };
}

function rowsOf(data: InputData, year: number, sheet: string): readonly LoadedRow[] {
  return data.years.find((y) => y.year === year)?.rows.get(sheet) ?? [];
}

const text = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

/**
 * Whether `town` has a 村 in `year`'s 社区村名录 (存续); true when the year has no directory (not
 * known). A town of 社区 only is written of in 社区, not 社区（村） (the town review: 天宫院街道's
 * '15个社区（村）均尚未覆盖', where no street of the district has a village).
 */
export function townHasVillages(data: InputData, year: number, town: string): boolean {
  const rows = rowsOf(data, year, '社区村名录');
  return rows.length === 0 || rows.some((r) => text(r.values.town) === town && r.values.community_type === '村' && r.values.status === '存续');
}

/**
 * The existing communities of `town` in `year` without what coverage indicator
 * `metric` counts (direct elections, volunteer station, charity station, operating
 * psychological service site), in roster order, with the words for the lack (`尚未覆盖的`,
 * `社区（村）`); null when the indicator names no communities.
 */
export function communitiesLacking(data: InputData, year: number, metric: string, town: string): { lacking: string[]; existing: number; lack: string; units: string } | null {
  const rule = COVERAGE[metric];
  if (!rule) return null;
  const existing = rowsOf(data, year, '社区村名录').filter((r) => text(r.values.town) === town && r.values.status === '存续' && (rule.among?.(r) ?? true));
  const covered = new Set((rule.sheet ? rowsOf(data, year, rule.sheet).filter((r) => text(r.values.town) === town) : existing).filter(rule.counts).map((r) => text(r.values.community_name)));
  return { lacking: existing.map((r) => text(r.values.community_name)).filter((name) => !covered.has(name)), existing: existing.length, lack: rule.lack, units: rule.units };
}

/** Ratio indicators over the communities' own counts, by the roster's fields (indicator-formulas.md). */
const COMMUNITY_RATES: Readonly<Record<string, { part: string; whole: string }>> = {
  community_worker_local_share: { part: 'workers_living_locally', whole: 'community_workers' },
};

/**
 * For a ratio indicator over the roster's own counts (本社区化率: residents among the
 * community workers), each existing community of `town` in `year` with both counts, in
 * roster order; null for another indicator. Callers check the sums against the indicator's
 * numerator and denominator before naming anything.
 */
export function communityRates(data: InputData, year: number, metric: string, town: string): { name: string; part: number; whole: number }[] | null {
  const rule = COMMUNITY_RATES[metric];
  if (!rule) return null;
  return rowsOf(data, year, '社区村名录')
    .filter((r) => text(r.values.town) === town && r.values.status === '存续')
    .flatMap((r) => {
      const part = num(r.values[rule.part]);
      const whole = num(r.values[rule.whole]);
      return part === null || whole === null ? [] : [{ name: text(r.values.community_name), part, whole }];
    });
}

export interface Facility {
  name: string;
  town: string;
  type: string;
  beds: number | null;
  /** 区级 or 镇街级, where the sheet says (福利机构). */
  level?: string;
}

/** Facility sheets and how a row reads as a facility (whatever its operating status). */
const FACILITY_SHEETS: Readonly<Record<string, (r: LoadedRow) => Facility | null>> = {
  养老服务设施: (r) => ({ name: text(r.values.facility_name), town: text(r.values.town), type: text(r.values.facility_type), beds: num(r.values.beds) }),
  福利机构: (r) => ({ name: text(r.values.institution_name), town: text(r.values.town), type: text(r.values.institution_type), beds: num(r.values.beds), level: text(r.values.admin_level) }),
  救助床位: (r) => ({ name: text(r.values.institution_name), town: text(r.values.town), type: text(r.values.bed_type), beds: num(r.values.beds) }),
  社会心理服务站点: (r) => (r.values.site_level !== '社区村级' ? { name: text(r.values.site_name), town: text(r.values.town), type: text(r.values.site_level), beds: null } : null),
};

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function facilitySheets(): string[] {
  return Object.keys(FACILITY_SHEETS);
}

/**
 * The facilities of a sheet in a year in an operating status: operating (运营) unless told (在建).
 * Read once per rows and status (FACILITIES): a rebuild's town reports asked for the same sheet
 * and year for every town and indicator, 0.12 s of its 1.6 s of report pages.
 */
export function facilities(data: InputData, year: number, sheet: string, status = '运营'): readonly Facility[] {
  const read = FACILITY_SHEETS[sheet];
  if (!read) return [];
  const rows = rowsOf(data, year, sheet);
  let byStatus = FACILITIES.get(rows);
  if (!byStatus) FACILITIES.set(rows, (byStatus = new Map()));
  let got = byStatus.get(status);
  if (!got) {
    got = rows.filter((r) => r.values.operating_status === status).map(read).filter((f): f is Facility => f !== null);
    byStatus.set(status, got);
  }
  return got;
}

/** facilities' results by the rows read (a year's rows of a sheet), then status. */
const FACILITIES = new WeakMap<readonly LoadedRow[], Map<string, readonly Facility[]>>();

/**
 * Whether a year's sheets list the facilities of a type: the sheet kind loaded that year, and
 * the type not missing from it (`InputData.missingTypes`: rows in an earlier year, none this
 * year). Where they do not, a facility's absence from the list is no news of it.
 */
export function typeListed(data: InputData, year: number, sheet: string, type: string): boolean {
  const known = listed(data);
  return known.loaded.has(`${year}|${sheet}`) && !known.missing.has(`${year}|${sheet}|${type}`);
}

/** Whether a sheet kind loaded in a year: a list not sent says nothing of what it would list. */
export function sheetLoaded(data: InputData, year: number, sheet: string): boolean {
  return listed(data).loaded.has(`${year}|${sheet}`);
}

/**
 * Whether a year's sheets list a town's facilities of a type: `typeListed`, and the town's rows of
 * the type not gone from the list that year (a town_rows_missing warning: rows listed the year
 * before, none this year — lost, not closed; the warehouse's int_vanished_sources). Where they are
 * gone, a facility's absence says nothing of it (the 驿站 office's rows left out had been said as
 * 141 stations 停用).
 */
export function townTypeListed(data: InputData, year: number, sheet: string, town: string, type: string): boolean {
  const { vanished } = listed(data);
  return typeListed(data, year, sheet, type) && !vanished.has(`${year}|${sheet}|${town}|${type}`) && !vanished.has(`${year}|${sheet}|${town}|`);
}

/**
 * Whether a year's list says anything of a facility's absence: its town's rows of its type are
 * listed (`townTypeListed`), and it is not one of those operating the year before and left off
 * while others of its town and type are listed (a facility_dropped warning: its row lost, not the
 * facility closed; the 16th reading: 黄村镇's 16 驿站 left out, said 停用).
 */
function facilityListed(data: InputData, year: number, sheet: string, x: Facility): boolean {
  return townTypeListed(data, year, sheet, x.town, x.type) && !listed(data).dropped.has(`${year}|${sheet}|${x.town}|${x.name}`);
}

function listed(data: InputData): Listed {
  let known = LISTED.get(data);
  if (!known) {
    known = { loaded: new Set(), missing: new Set(), vanished: new Set(), dropped: new Set() };
    for (const r of data.report) if (r.status === 'loaded' && r.year !== null) known.loaded.add(`${r.year}|${r.sheetKind}`);
    for (const m of data.missingTypes) known.missing.add(`${m.year}|${m.sheetKind}|${m.type}`);
    for (const w of data.warnings) {
      if (w.vanished?.allGone) known.vanished.add(`${w.vanished.year}|${w.sheetKind}|${w.townCode}|${w.vanished.type ?? ''}`);
      else if (w.vanished) for (const name of w.vanished.names ?? []) known.dropped.add(`${w.vanished.year}|${w.sheetKind}|${w.townCode}|${name}`);
    }
    LISTED.set(data, known);
  }
  return known;
}

interface Listed { loaded: Set<string>; missing: Set<string>; vanished: Set<string>; dropped: Set<string> }

/** typeListed's sets by the input read. */
const LISTED = new WeakMap<InputData, Listed>();

/** Indicators whose formula counts district-level facilities in the town that hosts them (indicator-formulas.md: 31 counts 区级 and 镇街级 sites). */
const DISTRICT_LEVEL_COUNTED: Readonly<Record<string, { sheet: string; level: string }>> = {
  psych_service_centers: { sheet: '社会心理服务站点', level: '区级' },
};

/**
 * The district-level facilities operating in `year` that an indicator counts in `town`'s figure
 * because the town hosts them (兴丰街道's 2 centres, one of them the district's 大兴区社会心理服务促进中心:
 * the 2025 town review); empty for other indicators and towns.
 */
export function districtLevelHosted(data: InputData, metric: string, year: number, town: string): Facility[] {
  const rule = DISTRICT_LEVEL_COUNTED[metric];
  if (!rule) return [];
  return facilities(data, year, rule.sheet).filter((x) => x.type === rule.level && x.town === town);
}

/**
 * The facilities an indicator counts once they operate that are under construction (在建) in
 * `town` at the end of `year` (underConstruction's, or for indicator 31 the sheet's): 榆垡镇社会心理
 * 服务中心 in 2024, 博兴街道养老照料中心 in 2021 (the 2021 review: 博兴 said 尚无 with its centre
 * being built).
 */
export function buildingInTown(data: InputData, metric: string, year: number, town: string): Facility[] {
  const counted = underConstruction(data, metric, year);
  if (counted) return counted.building.filter((x) => x.town === town);
  const rule = DISTRICT_LEVEL_COUNTED[metric];
  return rule ? facilities(data, year, rule.sheet, '在建').filter((x) => x.town === town) : [];
}

/**
 * Facilities operating in `from` that are not (same name and town) in `to`: closed, merged or
 * renamed; not those of a type `to`'s sheets do not list in their town, nor those left off it (`facilityListed`): a year
 * without the sheet, without the type (one office's workbook not sent), or without the town's rows
 * of the type, says nothing of what closed.
 */
export function closedBetween(data: InputData, sheet: string, from: number, to: number): Facility[] {
  const after = new Set(facilities(data, to, sheet).map((f) => `${f.town}|${f.name}`));
  const moved = movedBetween(data, sheet, from, to);
  return facilities(data, from, sheet).filter((f) => !after.has(`${f.town}|${f.name}`) && !moved.has(f.name) && facilityListed(data, to, sheet, f));
}

/**
 * The names of facilities operating in both years, each once, in another town the second year:
 * moved (or their town corrected), neither closed nor opened (the 17th attack: 大兴区第一社会福利中心
 * listed under 旧宫镇 in 2024 had been said 停用 in 黄村镇 and 新投入运营 in 旧宫镇).
 */
function movedBetween(data: InputData, sheet: string, from: number, to: number): Set<string> {
  const once = (year: number) => {
    const towns = new Map<string, string | null>();
    for (const f of facilities(data, year, sheet)) towns.set(f.name, towns.has(f.name) ? null : f.town);
    return towns;
  };
  const [before, after] = [once(from), once(to)];
  const out = new Set<string>();
  for (const [name, town] of before) {
    const now = after.get(name);
    if (town !== null && now !== undefined && now !== null && now !== town) out.add(name);
  }
  return out;
}

/**
 * Facilities operating in `to` that were not (same name and town) in `from`, largest first; not
 * those of a type `from`'s sheets do not list in their town (`townTypeListed`).
 */
export function openedBetween(data: InputData, sheet: string, from: number, to: number): Facility[] {
  const before = new Set(facilities(data, from, sheet).map((f) => `${f.town}|${f.name}`));
  const moved = movedBetween(data, sheet, from, to);
  return facilities(data, to, sheet)
    .filter((f) => !before.has(`${f.town}|${f.name}`) && !moved.has(f.name) && townTypeListed(data, from, sheet, f.town, f.type))
    .sort((a, b) => (b.beds ?? 0) - (a.beds ?? 0) || (a.name < b.name ? -1 : 1));
}

/** Indicators that count the registered entries of a list (存续 ones): its sheet, name field and words. */
const REGISTRIES: Readonly<Record<string, { sheet: string; name: string; label: string }>> = {
  social_work_agencies: { sheet: '社会工作服务机构', name: 'agency_name', label: '机构' },
};

/**
 * How the registered entries an indicator counts moved between two years: those 存续 in `from`
 * and 注销 in `to`, those 存续 in `from` and not in `to`'s list at all, and those 存续 in `to` and
 * not before. Null for an indicator that counts no register. (The 2022 review: 146 → 141 家 said
 * only 需关注, where the list showed 12 deregistered and 7 new.)
 */
export function registryMoves(data: InputData, metric: string, from: number, to: number): { label: string; deregistered: number; gone: number; added: number } | null {
  const rule = REGISTRIES[metric];
  // a year whose list was not sent: its entries are not known (no 2020 folder had counted every
  // agency of 2021 as new since 2020, '新增153家' beside a count of 141)
  if (!rule || !sheetLoaded(data, from, rule.sheet) || !sheetLoaded(data, to, rule.sheet)) return null;
  const status = (year: number) => new Map(rowsOf(data, year, rule.sheet).map((r) => [`${text(r.values.town)}|${text(r.values[rule.name])}`, text(r.values.status)]));
  const [before, after] = [status(from), status(to)];
  let deregistered = 0;
  let gone = 0;
  let added = 0;
  for (const [k, s] of before) {
    if (s !== '存续') continue;
    const now = after.get(k);
    if (now === undefined) gone += 1;
    else if (now !== '存续') deregistered += 1;
  }
  for (const [k, s] of after) if (s === '存续' && before.get(k) !== '存续') added += 1;
  return { label: rule.label, deregistered, gone, added };
}

/** Indicators that count operating facilities of a sheet (of one type and level), or their beds. */
const FACILITY_INDICATORS: Readonly<Record<string, { sheet: string; type?: string; level?: string; label: string; counts: 'beds' | 'facilities' }>> = {
  relief_beds: { sheet: '救助床位', label: '救助机构', counts: 'beds' },
  elderly_beds_per_1000_residents: { sheet: '养老服务设施', label: '养老服务设施', counts: 'beds' },
  institution_beds_per_1000_residents: { sheet: '养老服务设施', type: '养老机构', label: '养老机构', counts: 'beds' },
  elderly_care_centers: { sheet: '养老服务设施', type: '养老照料中心', label: '养老照料中心', counts: 'facilities' },
  elderly_service_stations: { sheet: '养老服务设施', type: '养老服务驿站', label: '养老服务驿站', counts: 'facilities' },
  district_mental_health_beds: { sheet: '福利机构', type: '精神卫生福利机构', level: '区级', label: '区级精神卫生福利机构', counts: 'beds' },
};

/** The types an indicator's rule counts: its own, or every type of its sheet. */
function countedTypes(rule: (typeof FACILITY_INDICATORS)[number]): readonly string[] {
  if (rule.type !== undefined) return [rule.type];
  const spec = SHEET_BY_NAME.get(rule.sheet);
  return spec?.columns.find((c) => c.name === spec.typeColumn)?.values ?? [];
}

/** Whether an indicator's rule counts a facility: its type and level (a facility without beds moves no bed count). */
function counted(rule: (typeof FACILITY_INDICATORS)[number], x: Facility): boolean {
  return (rule.type === undefined || x.type === rule.type) && (rule.level === undefined || x.level === rule.level) && (rule.counts === 'facilities' || (x.beds ?? 0) > 0);
}

/**
 * The facilities an indicator counts that were under construction (在建) at the end of a year,
 * largest first (those without beds left out of a bed count); null for an indicator that does
 * not count facilities.
 */
export function underConstruction(data: InputData, metric: string, year: number): { label: string; counts: 'beds' | 'facilities'; building: Facility[] } | null {
  const rule = FACILITY_INDICATORS[metric];
  if (!rule) return null;
  const building = facilities(data, year, rule.sheet, '在建')
    .filter((x) => counted(rule, x))
    .sort((a, b) => (b.beds ?? 0) - (a.beds ?? 0) || (a.name < b.name ? -1 : 1));
  return { label: rule.label, counts: rule.counts, building };
}

/**
 * The facilities an indicator counts that stopped operating (closed, merged or renamed) and
 * that started, between `from` and `to`, in one town (code) or the whole district (null);
 * largest first. Null for an indicator that does not count facilities.
 */
export function facilityMoves(
  data: InputData, metric: string, town: string | null, from: number, to: number,
): { label: string; counts: 'beds' | 'facilities'; closed: Facility[]; opened: Facility[]; idleAtStart: Facility[]; bedsBefore: number; bedsAfter: number } | null {
  const rule = FACILITY_INDICATORS[metric];
  if (!rule) return null;
  // a year whose sheets do not list a type counted: the moves and the beds at both ends are not known
  if (!countedTypes(rule).every((t) => typeListed(data, from, rule.sheet, t) && typeListed(data, to, rule.sheet, t))) return null;
  const keep = (x: Facility) => counted(rule, x) && (town === null || x.town === town);
  const operating = new Set(facilities(data, to, rule.sheet).map((x) => `${x.town}|${x.name}`));
  const largest = (a: Facility, b: Facility) => (b.beds ?? 0) - (a.beds ?? 0) || (a.name < b.name ? -1 : 1);
  return {
    label: rule.label,
    counts: rule.counts,
    closed: closedBetween(data, rule.sheet, from, to).filter(keep).sort(largest),
    opened: openedBetween(data, rule.sheet, from, to).filter(keep).sort(largest),
    // listed 停用 in `from` and not operating in `to`: stopped before `from`, when not known
    idleAtStart: facilities(data, from, rule.sheet, '停用').filter((x) => keep(x) && !operating.has(`${x.town}|${x.name}`)).sort(largest),
    // the beds of all those operating at each end: what the others added or lost besides
    bedsBefore: bedsOf(facilities(data, from, rule.sheet).filter(keep)),
    bedsAfter: bedsOf(facilities(data, to, rule.sheet).filter(keep)),
  };
}

/**
 * The first year from which a facility an indicator counts is no longer on its sheet at all (not
 * even as 停用), through `to`; null where `to`'s sheet still lists it (or the indicator counts
 * none). A home 停用 in 2021 and left off the list from 2023 may have closed for good, which
 * 仍未恢复运营 alone does not say (the 2025 town review).
 */
export function droppedFromRegister(data: InputData, metric: string, x: Facility, from: number, to: number): number | null {
  const rule = FACILITY_INDICATORS[metric];
  const read = rule ? FACILITY_SHEETS[rule.sheet] : undefined;
  if (!rule || !read) return null;
  const listed = (y: number) => rowsOf(data, y, rule.sheet).some((r) => {
    const g = read(r);
    return g !== null && g.town === x.town && g.name === x.name;
  });
  let since: number | null = null;
  for (let y = to; y >= from && !listed(y); y--) {
    // a year whose sheets do not list the type at all says nothing of this one: passed over (the
    // first year known not to list it is said), unless it is the report's own
    if (!facilityListed(data, y, rule.sheet, x)) {
      if (y === to) return null;
      continue;
    }
    since = y;
  }
  return since;
}

/** What an indicator's facilities count: their beds, the facilities themselves, or null for an indicator that counts none. */
export function facilityCounts(metric: string): 'beds' | 'facilities' | null {
  return FACILITY_INDICATORS[metric]?.counts ?? null;
}

/**
 * Whether a year's sheets list every type of facility an indicator counts (a year without the
 * sheet, or without the type, says nothing of which of them operate); null for an indicator
 * that counts no facilities.
 */
export function facilitiesKnown(data: InputData, metric: string, year: number): boolean | null {
  const rule = FACILITY_INDICATORS[metric];
  return rule ? countedTypes(rule).every((t) => typeListed(data, year, rule.sheet, t)) : null;
}

/** The metrics any rule here is keyed by (a test checks each is a formula the warehouse has). */
export function detailMetrics(): string[] {
  const tables = [COVERAGE, TOWN_COVERAGE, COMMUNITY_RATES, DISTRICT_LEVEL_COUNTED, REGISTRIES, FACILITY_INDICATORS, GRADED];
  return [...new Set(tables.flatMap((t) => Object.keys(t)))].sort();
}

/** A town's 家庭照护床位 in `year` (居家养老, a row a town); null where the sheet gives none for it. */
export function familyCareBeds(data: InputData, year: number, town: string): number | null {
  const row = rowsOf(data, year, '居家养老').find((r) => text(r.values.town) === town);
  return row ? num(row.values.family_care_beds) : null;
}

/** The beds of facilities together (a facility without a bed count adds none). */
export function bedsOf(xs: readonly Facility[]): number {
  return xs.reduce((n, x) => n + (x.beds ?? 0), 0);
}

/** Indicators counting the entries of a list at a grade (indicator-formulas.md 25: 等级 = 5A): its sheet, fields and the grade counted. */
const GRADED: Readonly<Record<string, { sheet: string; name: string; grade: string; counted: string }>> = {
  marriage_registry_5a_share: { sheet: '婚姻登记机关', name: 'registry_name', grade: 'grade', counted: '5A' },
};

/**
 * The entries of an indicator's list below the grade it counts in `year`, in list order, each
 * with its grade and whether the year before listed it (`isNew`: 临空经济区服务点, 4A, listed
 * from 2023); with the counts of the list and of those at the grade, for the caller to check
 * against the indicator's numerator and denominator. Null for another indicator.
 */
export function belowGrade(data: InputData, metric: string, year: number): { grade: string; entries: { name: string; grade: string; isNew: boolean }[]; listed: number; atGrade: number } | null {
  const rule = GRADED[metric];
  if (!rule) return null;
  const rows = rowsOf(data, year, rule.sheet);
  const before = rowsOf(data, year - 1, rule.sheet);
  const known = new Set(before.map((r) => text(r.values[rule.name]).trim()));
  const entries = rows
    .filter((r) => r.values[rule.grade] !== rule.counted)
    .map((r) => {
      const name = text(r.values[rule.name]).trim();
      return { name, grade: text(r.values[rule.grade]), isNew: before.length > 0 && !known.has(name) };
    });
  return { grade: rule.counted, entries, listed: rows.length, atGrade: rows.length - entries.length };
}

/**
 * For a ratio indicator over the roster's own counts (本社区化率), its existing units by type
 * (社区, 村; roster order of first appearance), each type with its sums, how many of its units
 * reach `target` (a per cent) on their own, and the rise in the numerator that would bring each
 * unit below it up to it (whole units); null for another indicator. Of one town's units when
 * `town` is given. Callers check the sums against the indicator's numerator and denominator
 * before saying anything.
 */
export function rosterRatesByType(data: InputData, year: number, metric: string, target: number, town?: string): { type: string; units: number; part: number; whole: number; meeting: number; need: number }[] | null {
  const rule = COMMUNITY_RATES[metric];
  if (!rule) return null;
  const by = new Map<string, { type: string; units: number; part: number; whole: number; meeting: number; need: number }>();
  for (const r of rowsOf(data, year, '社区村名录')) {
    if (r.values.status !== '存续' || (town !== undefined && text(r.values.town) !== town)) continue;
    const part = num(r.values[rule.part]);
    const whole = num(r.values[rule.whole]);
    if (part === null || whole === null) continue;
    const type = text(r.values.community_type);
    const t = by.get(type) ?? { type, units: 0, part: 0, whole: 0, meeting: 0, need: 0 };
    t.units += 1;
    t.part += part;
    t.whole += whole;
    if (whole > 0 && part * 100 >= target * whole) t.meeting += 1;
    else if (whole > 0) t.need += Math.max(0, Math.ceil((target * whole) / 100 - part - 1e-9));
    by.set(type, t);
  }
  return [...by.values()];
}

/** A facility's name as a task would say it: without 北京市/大兴区 in front or a bracket after (大兴区精神卫生福利中心（二期） → 精神卫生福利中心; the bracket is matched apart). */
function shortFacilityName(name: string): string {
  return name.replace(/^(北京市)?(大兴区)?/, '').replace(/[（(][^）)]*[）)]$/, '');
}

/**
 * The towns (codes) where the facilities a text names stand, on any facility sheet of `year`
 * in any operating state (`推进大兴区社会福利院修缮` → 清源街道, where 大兴区社会福利院 is): a
 * facility is named when the text holds its short name of four characters or more. Empty
 * when the text names none.
 */
export function townsOfFacilitiesNamed(data: InputData, year: number, textOf: string): string[] {
  return [...new Set(facilitiesNamedIn(data, year, textOf).map((x) => x.town).filter(Boolean))];
}

/** The facilities a text names (townsOfFacilitiesNamed), on any facility sheet of `year`, each with its operating status. */
export function facilitiesNamedIn(data: InputData, year: number, textOf: string): (Facility & { status: string })[] {
  const out: (Facility & { status: string })[] = [];
  for (const [sheet, read] of Object.entries(FACILITY_SHEETS)) {
    for (const r of rowsOf(data, year, sheet)) {
      const x = read(r);
      if (!x) continue;
      const short = shortFacilityName(x.name);
      // a phase in brackets is named too (（二期）), and a text naming a phase is not of the unphased one
      const phase = /[（(]([^）)]*)[）)]$/.exec(x.name)?.[1];
      const samePhase = phase ? textOf.includes(phase) : !/[一二三四五]期/.test(textOf);
      if (short.length >= 4 && textOf.includes(short) && samePhase) out.push({ ...x, status: text(r.values.operating_status) });
    }
  }
  return out;
}
