/**
 * The story the sample data tells, year by year (index 0 = 2020 … 5 = 2025), as data.
 *
 * 2020 reproduces the plan's baseline for every indicator (where 22 towns or 14 镇 allow
 * it). Afterwards most indicators progress; some finish early (2 救助床位 2024, 13 书记工作室
 * 2024, 18 联合会 2024, 28 慈善站点 2024, 29 慈善信托 2022, 31 心理服务中心 2024, 32 网上办理
 * 2024); some lag (4 千人机构床位, 9 精神康复, 16 本社区化率, 19 社区社会组织, 23 志愿站点,
 * 24 志愿者, 30 心理服务覆盖); binding indicator 8 (区级精神卫生床位) stops at 100 of 150
 * beds (one ≥100-bed institution, as the plan text says; the second phase is still being
 * built); 1 (集中供养率) dips in 2022, 20 (社工机构) falls in 2022 when dormant agencies
 * are struck off, 25 (5A婚姻登记机关) falls in 2023 when a new 4A service point opens.
 *
 * Quantities that scale with the world (`--scale K`) are written for K = 1 and multiplied.
 */

export const STORY_FIRST_YEAR = 2020;
export const STORY_LAST_YEAR = 2025;
export const STORY_YEARS = [2020, 2021, 2022, 2023, 2024, 2025] as const;
export type Series = readonly [number, number, number, number, number, number];

/** District totals (scale 1) for the town-level sheets and the community and facility lists. */
export const DISTRICT = {
  // 人口基础数据 — 7th census: 1,993,591 residents at the end of 2020.
  residents: [1993591, 1998600, 2001900, 2006300, 2011500, 2016800],
  registered: [741906, 745300, 749100, 752600, 756000, 759300],
  elderly60: [289400, 297800, 305900, 314600, 322800, 331200],
  children: [123000, 123900, 124700, 125600, 126300, 127100],
  // 区级统计指标: 1400 × 12 / 30545 = 0.550 in 2020.
  consumption: [30545, 33200, 32600, 35800, 37100, 38300],
  orphanAllowance: [1400, 1550, 1600, 1700, 1800, 1950],
  // 特困人员供养: 2022 leaves 11 people waiting (集中供养率 97.6 %).
  extremePoor: [1268, 1302, 1335, 1351, 1372, 1390],
  needingCare: [421, 433, 452, 458, 466, 471],
  caredFor: [421, 433, 441, 458, 466, 471],
  // 居家养老
  familyCareBeds: [0, 1050, 1550, 2250, 2900, 3300],
  carersPer10k: [50.0, 50.7, 51.6, 52.4, 53.5, 54.6],
  // 养老服务设施: beds of operating facilities by type; counts of operating centres/stations.
  institutionBeds: [9880, 9960, 10150, 10380, 10520, 10690],
  institutionOpenings: [0, 0, 1, 1, 1, 1],
  centreBeds: [110, 120, 140, 150, 160, 170],
  stationBeds: [58, 62, 66, 70, 74, 80],
  careCentres: [20, 20, 21, 21, 22, 22],
  serviceStations: [132, 134, 136, 137, 139, 141],
  // Town counts (of 22 towns; cemetery of the 镇 only).
  rehabTowns: [7, 9, 11, 13, 15, 16],
  federationTowns: [2, 4, 7, 10, 14, 16],
  cemeteryTownShare: [10 / 14, 11 / 14, 12 / 14, 12 / 14, 13 / 14, 14 / 14],
  townPsychCentres: [4, 8, 13, 18, 21, 22],
  // 社区村名录
  villagesRevoked: [0, 18, 27, 31, 28, 26],
  newCommunities: [0, 6, 8, 7, 6, 5],
  secretaryStudios: [0, 4, 9, 14, 20, 23],
  directElectionPct: [64.7, 75.5, 76.0, 76.8, 78.3, 80.6],
  governanceSites: [15, 32, 50, 68, 85, 102],
  localWorkerPct: [49.1, 49.3, 49.4, 49.5, 49.7, 49.8],
  // Coverage of existing communities (per cent).
  volunteerCoveragePct: [37.0, 45, 53, 61, 68, 74],
  charityCoveragePct: [0, 1.1, 2.4, 3.9, 5.3, 6.8],
  psychCoveragePct: [25, 36, 47, 58, 66, 74],
  // 社会组织, 社会工作, 志愿服务
  communityOrgs: [800, 1150, 1640, 2350, 3350, 4800],
  agenciesOpen: [140, 146, 141, 150, 156, 162],
  agenciesStruckOff: [6, 3, 12, 2, 3, 2],
  professionals: [2803, 3050, 3320, 3610, 3850, 4060],
  certified: [1204, 1290, 1360, 1430, 1490, 1530],
  volunteerPct: [16.0, 17.1, 17.9, 18.8, 19.6, 20.3],
  // 殡葬安葬
  burials: [3020, 3180, 3450, 3560, 3240, 3300],
  ecoBurialPct: [55.0, 57.2, 59.1, 61.0, 63.2, 65.3],
  // 政务服务事项 (district catalogue, not scaled)
  govServices: [140, 140, 142, 142, 143, 143],
  govOnline: [119, 124, 130, 133, 136, 139],
} as const satisfies Record<string, Series>;

type Status = '运营' | '在建' | '停用' | null;
const S = (...s: Status[]) => s as readonly Status[];

export interface NamedFacility {
  name: string;
  town: string;
  /** Per year: 运营/在建/停用, or null when not on the list that year. */
  status: readonly Status[];
  beds: Series;
}

/** 救助床位: 50 beds in 2020, 200 reached in 2024. */
export const RELIEF_FACILITIES: readonly (NamedFacility & { type: '临时救助' | '长期照料' })[] = [
  { name: '大兴区救助管理站', town: '黄村镇', type: '临时救助', status: S('运营', '运营', '运营', '运营', '运营', '运营'), beds: [30, 30, 40, 40, 40, 40] },
  { name: '大兴区社会福利中心长期照料部', town: '黄村镇', type: '长期照料', status: S('运营', '运营', '运营', '运营', '运营', '运营'), beds: [20, 20, 20, 20, 20, 20] },
  { name: '大兴区救助管理站长期照料中心', town: '西红门镇', type: '长期照料', status: S('在建', '运营', '运营', '运营', '运营', '运营'), beds: [30, 30, 30, 30, 30, 30] },
  { name: '亦庄镇困难群众临时救助站', town: '亦庄镇', type: '临时救助', status: S(null, '在建', '运营', '运营', '运营', '运营'), beds: [20, 20, 20, 20, 20, 20] },
  { name: '庞各庄镇特困人员集中照料中心', town: '庞各庄镇', type: '长期照料', status: S(null, null, '在建', '运营', '运营', '运营'), beds: [50, 50, 50, 50, 50, 60] },
  { name: '大兴区临时救助服务中心（西红门）', town: '西红门镇', type: '临时救助', status: S(null, null, null, '在建', '运营', '运营'), beds: [40, 40, 40, 40, 40, 40] },
];

export type WelfareType = '儿童福利机构' | '未成年人救助保护机构' | '精神卫生福利机构' | '智力残疾人员福利机构';

/** 福利机构: child-welfare beds for indicator 11, the district mental-health beds of indicator 8. */
export const WELFARE_INSTITUTIONS: readonly (NamedFacility & { type: WelfareType; level: '区级' | '镇街级' })[] = [
  { name: '大兴区儿童福利院', town: '清源街道', type: '儿童福利机构', level: '区级', status: S('运营', '运营', '运营', '运营', '运营', '运营'), beds: [120, 120, 130, 135, 140, 145] },
  { name: '大兴区未成年人救助保护中心', town: '黄村镇', type: '未成年人救助保护机构', level: '区级', status: S('运营', '运营', '运营', '运营', '运营', '运营'), beds: [40, 44, 44, 48, 48, 48] },
  { name: '大兴区精神卫生福利中心', town: '魏善庄镇', type: '精神卫生福利机构', level: '区级', status: S('在建', '在建', '在建', '运营', '运营', '运营'), beds: [100, 100, 100, 100, 100, 100] },
  { name: '大兴区精神卫生福利中心（二期）', town: '魏善庄镇', type: '精神卫生福利机构', level: '区级', status: S(null, null, null, null, '在建', '在建'), beds: [50, 50, 50, 50, 50, 50] },
  { name: '旧宫镇精神康复养护中心', town: '旧宫镇', type: '精神卫生福利机构', level: '镇街级', status: S('运营', '运营', '运营', '运营', '运营', '运营'), beds: [20, 20, 20, 24, 24, 24] },
  { name: '大兴区智力残疾人员托养中心', town: '采育镇', type: '智力残疾人员福利机构', level: '区级', status: S(null, '在建', '运营', '运营', '运营', '运营'), beds: [50, 50, 60, 60, 60, 60] },
  { name: '大兴区博爱智障人员养护中心', town: '安定镇', type: '智力残疾人员福利机构', level: '区级', status: S(null, null, null, '在建', '运营', '运营'), beds: [50, 50, 50, 50, 50, 52] },
];

/** 婚姻登记机关: a new service point opens in 2023 at 4A and is rated 5A in 2024. */
export const MARRIAGE_REGISTRIES: readonly { name: string; grade: readonly (string | null)[] }[] = [
  { name: '大兴区民政局婚姻登记处', grade: ['5A', '5A', '5A', '5A', '5A', '5A'] },
  { name: '大兴区婚姻登记处临空经济区服务点', grade: [null, null, null, '4A', '5A', '5A'] },
];

/** 慈善信托 (万元): 10 in 2020, 30 passed in 2022; one trust ends in 2024. */
export const CHARITABLE_TRUSTS: readonly { name: string; filed: number; assets: number; ends: number | null }[] = [
  { name: '大兴区慈善协会“兴善”慈善信托', filed: 2019, assets: 10, ends: null },
  { name: '“爱老助老”慈善信托', filed: 2021, assets: 5, ends: 2024 },
  { name: '“童心护航”慈善信托', filed: 2022, assets: 12, ends: null },
  { name: '“乡村振兴·大兴”慈善信托', filed: 2022, assets: 5, ends: null },
  { name: '“暖心社区”慈善信托', filed: 2023, assets: 6, ends: null },
  { name: '“银龄关爱”慈善信托', filed: 2024, assets: 8, ends: null },
  { name: '“助学圆梦”慈善信托', filed: 2025, assets: 10, ends: null },
];

/** The district's psychological-service centre (区级). */
export const DISTRICT_PSYCH_CENTRE = { name: '大兴区社会心理服务促进中心', town: '兴丰街道' };

/** District 养老机构 run by the district (the rest are generated per town). */
export const DISTRICT_CARE_INSTITUTIONS: readonly { name: string; town: string; size: number }[] = [
  { name: '大兴区第一社会福利中心', town: '黄村镇', size: 460 },
  { name: '大兴区第二社会福利中心', town: '榆垡镇', size: 320 },
  { name: '大兴区社会福利院', town: '清源街道', size: 260 },
];
/** The district's 养老服务示范中心: built 2021–2022, opens in 2023 (one of `institutionOpenings`). */
export const CARE_DEMO_CENTRE = { name: '大兴区养老服务示范中心', town: '西红门镇', buildFrom: 2021, opens: 2023, beds: 220 };

/** The value of a series for a year (clamped to the story's years). */
export function at<T>(series: readonly T[], year: number): T {
  const i = Math.max(0, Math.min(series.length - 1, year - STORY_FIRST_YEAR));
  return series[i]!;
}
