/**
 * The departmental spreadsheet contract (填报数据规范) as one declarative table.
 * It drives the blank templates, the sample generator and the loader's validation.
 * Chinese names are the contract's sheet and column names; `table`/`field` are the
 * English snake_case names used in the warehouse.
 */

export type SheetLevel = 'district' | 'town' | 'facility' | 'community' | 'list';

export type ColumnType =
  | 'text'
  /** Non-negative whole number. */
  | 'integer'
  /** Non-negative decimal number. */
  | 'number'
  /** Per cent, 0–100 (a trailing % is accepted). */
  | 'percent'
  /** Calendar year, 1949–2100. */
  | 'year'
  /** Yes/no: 是/否, Y/N, √/×, 1/0, TRUE/FALSE. */
  | 'bool'
  /** One of `values`, exactly. */
  | 'enum'
  /** A town/street of the geography (canonical name, alias or prefixed). */
  | 'town'
  /** A community/village of that year's 社区村名录, within the row's town. */
  | 'community';

export interface ColumnSpec {
  /** Column name as the contract writes it (the header, without unit). */
  readonly name: string;
  /** Warehouse column name. */
  readonly field: string;
  readonly type: ColumnType;
  /** Unit shown in the header's brackets: `床位数（张）`. */
  readonly unit?: string;
  /** Allowed values of an enum column. */
  readonly values?: readonly string[];
  /** The cell may be empty (or a missing marker). Missing numbers make indicators *missing*. */
  readonly nullable: boolean;
  /** What the department should write (填表说明). */
  readonly note: string;
  /**
   * The text names a chapter of the plan (`第三部分 一（二）`): checked against the plan's
   * chapters when a year is validated; a text naming none is rejected.
   */
  readonly planChapter?: boolean;
  /**
   * A count that is not 0 where it is known (a town's population): a 0 is warned
   * (`zero_count`), as a blank written as 0 would be; kept, the town's ratios over it have no value.
   */
  readonly warnZero?: boolean;
  /**
   * What a header may write in brackets beside the unit that restates the column's own
   * definition (户籍儿童人口（0-17岁）, 常住人口（年末数）): matched against the bracket's text
   * without spaces. Any other word there is refused (column_qualifier).
   */
  readonly qualifiers?: RegExp;
}

export type RowRule =
  /** `lesser` ≤ `greater` when both are present. */
  | { readonly kind: 'le'; readonly lesser: string; readonly greater: string }
  /** `column` must be filled when `when` equals `equals`, and must be empty otherwise. */
  | { readonly kind: 'onlyWhen'; readonly column: string; readonly when: string; readonly equals: readonly string[] }
  /** A year column may not lie after the reporting year. */
  | { readonly kind: 'notAfterYear'; readonly column: string };

export interface SheetSpec {
  /** Sheet name (工作表名称). */
  readonly name: string;
  /** Warehouse table stem: raw_<table>, stg_<table>. */
  readonly table: string;
  readonly level: SheetLevel;
  /** Department (科室) that fills the sheet; one blank workbook per department. */
  readonly department: string;
  /** What one row is. */
  readonly grain: string;
  readonly columns: readonly ColumnSpec[];
  /** Key column names: one row per key per year. */
  readonly key: readonly string[];
  readonly rules: readonly RowRule[];
  /**
   * For town-level sheets: which towns must each have one row.
   * `all`: every town and street; `towns`: only 镇 (streets excluded).
   */
  readonly everyTown?: 'all' | 'towns';
  /**
   * For a facility register kept by type: the column whose values divide it (设施类型), each
   * type perhaps listed by another office in a workbook of its own. A type that had rows in an
   * earlier year and has none in a year the sheet came is missing that year, not zero
   * (`missing-types.ts`).
   */
  readonly typeColumn?: string;
  /** Fixed rows that must appear (区级统计指标). */
  readonly fixedRows?: { readonly column: string; readonly values: readonly { readonly name: string; readonly unit: string }[] };
}

const YES_NO = '填“是”或“否”';
const OPERATING = ['运营', '在建', '停用'] as const;

function col(
  name: string,
  field: string,
  type: ColumnType,
  note: string,
  extra: Partial<Pick<ColumnSpec, 'unit' | 'values' | 'nullable' | 'planChapter' | 'warnZero' | 'qualifiers'>> = {},
): ColumnSpec {
  return { name, field, type, note, nullable: extra.nullable ?? (type === 'integer' || type === 'number' || type === 'percent'), ...extra };
}

const town = (name = '镇街', field = 'town') =>
  col(name, field, 'town', '镇街规范名称或通用简称，如“黄村镇”“黄村地区”', { nullable: false });
const operating = col('运营状态', 'operating_status', 'enum', '运营/在建/停用；只有“运营”计入指标', { values: OPERATING, nullable: false });
const people = (name: string, field: string, note: string) => col(name, field, 'integer', note, { unit: '人' });
/** A town's population: a 0 is warned (the ratios' denominators). */
/** A population stock: the year-end figure, as the statistics bureau's tables say it (年末数). */
const YEAR_END = '(?:年末|年底|期末)(?:数|人口|数据)?';
const population = (name: string, field: string, note: string, age = '') =>
  col(name, field, 'integer', note, { unit: '人', warnZero: true, qualifiers: new RegExp(`^(?:${YEAR_END}${age ? `|${age}|${age}[，,、]?${YEAR_END}|${YEAR_END}[，,、]?${age}` : ''})$`) });
/** The ages of 户籍儿童人口, as written: 0-17岁, 0—17周岁, 0至17岁, 未满18周岁, 18岁以下. */
const CHILD_AGES = '0[-—–－~～至到]17周?岁|未满18周?岁|不满18周?岁|18周?岁以下';
/** 60岁及以上, as written: 60周岁及以上, 60岁以上. */
const ELDERLY_AGES = '60周?岁(?:及|和)?以上';

export const SHEETS: readonly SheetSpec[] = [
  {
    name: '人口基础数据', table: 'population', level: 'town', department: '区统计局', grain: '每个镇街一行（年末数）',
    columns: [
      town(),
      population('常住人口', 'resident_population', '年末常住人口'),
      population('户籍人口', 'registered_population', '年末户籍人口'),
      population('60岁及以上常住人口', 'residents_60_plus', '年末60周岁及以上常住人口', ELDERLY_AGES),
      population('户籍儿童人口', 'registered_children', '0—17周岁户籍人口', CHILD_AGES),
    ],
    key: ['镇街'],
    rules: [
      { kind: 'le', lesser: '60岁及以上常住人口', greater: '常住人口' },
      { kind: 'le', lesser: '户籍儿童人口', greater: '户籍人口' },
    ],
    everyTown: 'all',
  },
  {
    name: '区级统计指标', table: 'district_statistics', level: 'district', department: '区统计局', grain: '每个统计指标一行',
    columns: [
      col('指标名称', 'statistic', 'enum', '按表中列出的指标名称填写，不增删', { values: ['居民人均消费支出', '社会散居孤儿供养标准'], nullable: false }),
      col('数值', 'value', 'number', '当年数值'),
      col('单位', 'unit', 'enum', '与指标对应的单位', { values: ['元/年', '元/人·月'], nullable: false }),
    ],
    key: ['指标名称'],
    rules: [],
    fixedRows: { column: '指标名称', values: [{ name: '居民人均消费支出', unit: '元/年' }, { name: '社会散居孤儿供养标准', unit: '元/人·月' }] },
  },
  {
    name: '特困人员供养', table: 'extreme_poverty_support', level: 'town', department: '社会救助科', grain: '每个镇街一行（年末数）',
    columns: [
      town(),
      people('特困人员总数', 'extreme_poverty_persons', '年末在册特困人员'),
      people('有集中供养需求人数', 'needing_institutional_care', '有集中供养需求的特困人员'),
      people('已集中供养人数', 'institutionally_cared', '其中已集中供养的人数'),
    ],
    key: ['镇街'],
    rules: [
      { kind: 'le', lesser: '已集中供养人数', greater: '有集中供养需求人数' },
      { kind: 'le', lesser: '有集中供养需求人数', greater: '特困人员总数' },
    ],
    everyTown: 'all',
  },
  {
    name: '救助床位', table: 'relief_beds', level: 'facility', department: '社会救助科', grain: '每个救助机构一行',
    columns: [
      col('机构名称', 'institution_name', 'text', '机构全称', { nullable: false }),
      town('所在镇街'),
      col('床位类型', 'bed_type', 'enum', '临时救助/长期照料', { values: ['临时救助', '长期照料'], nullable: false }),
      col('床位数', 'beds', 'integer', '核定床位数', { unit: '张' }),
      operating,
    ],
    key: ['机构名称'],
    rules: [],
    typeColumn: '床位类型',
  },
  {
    name: '养老服务设施', table: 'elderly_care_facilities', level: 'facility', department: '养老服务科', grain: '每个养老服务设施一行',
    columns: [
      col('设施名称', 'facility_name', 'text', '设施全称', { nullable: false }),
      town('所在镇街'),
      col('设施类型', 'facility_type', 'enum', '养老机构/养老照料中心/养老服务驿站', { values: ['养老机构', '养老照料中心', '养老服务驿站'], nullable: false }),
      col('床位数', 'beds', 'integer', '核定床位数，无床位填0', { unit: '张' }),
      operating,
    ],
    key: ['设施名称', '所在镇街'],
    rules: [],
    typeColumn: '设施类型',
  },
  {
    name: '居家养老', table: 'home_elderly_care', level: 'town', department: '养老服务科', grain: '每个镇街一行（年末数）',
    columns: [
      town(),
      col('家庭照护床位数', 'family_care_beds', 'integer', '建成的家庭照护床位', { unit: '张' }),
      people('养老护理员人数', 'care_workers', '在岗养老护理员'),
    ],
    key: ['镇街'],
    rules: [],
    everyTown: 'all',
  },
  {
    name: '福利机构', table: 'welfare_institutions', level: 'facility', department: '社会福利和儿童福利科', grain: '每个福利机构一行',
    columns: [
      col('机构名称', 'institution_name', 'text', '机构全称', { nullable: false }),
      town('所在镇街'),
      col('机构类型', 'institution_type', 'enum', '儿童福利机构/未成年人救助保护机构/精神卫生福利机构/智力残疾人员福利机构', {
        values: ['儿童福利机构', '未成年人救助保护机构', '精神卫生福利机构', '智力残疾人员福利机构'], nullable: false,
      }),
      col('级别', 'admin_level', 'enum', '区级/镇街级', { values: ['区级', '镇街级'], nullable: false }),
      col('床位数', 'beds', 'integer', '核定床位数', { unit: '张' }),
      operating,
    ],
    key: ['机构名称'],
    rules: [],
    typeColumn: '机构类型',
  },
  {
    name: '精神障碍社区康复', table: 'mental_health_rehab', level: 'town', department: '社会福利和儿童福利科', grain: '每个镇街一行',
    columns: [town(), col('是否开展', 'has_service', 'bool', `是否开展精神障碍社区康复服务，${YES_NO}`, { nullable: false })],
    key: ['镇街'],
    rules: [],
    everyTown: 'all',
  },
  {
    name: '社区村名录', table: 'communities', level: 'community', department: '基层政权和社区建设科', grain: '每个社区（村）一行，含已撤销的村',
    columns: [
      town(),
      col('社区村名称', 'community_name', 'text', '社区（村）名称，如“兴华社区”“西麻各庄村”', { nullable: false }),
      col('类型', 'community_type', 'enum', '社区/村', { values: ['社区', '村'], nullable: false }),
      col('状态', 'status', 'enum', '存续/撤销；撤销的村保留在名录中', { values: ['存续', '撤销'], nullable: false }),
      col('撤销年份', 'revoked_year', 'year', '状态为“撤销”时填写撤销年份，否则留空', { nullable: true }),
      col('选举方式', 'election_method', 'enum', '社区填写：直接选举/户代表选举/代表选举；村留空', { values: ['直接选举', '户代表选举', '代表选举'], nullable: true }),
      people('社区工作者人数', 'community_workers', '在岗社区工作者'),
      people('其中本社区居住人数', 'workers_living_locally', '其中居住在本社区（村）的人数'),
      col('书记工作室示范点', 'is_secretary_studio', 'bool', `是否为社区书记工作室示范点，${YES_NO}`, { nullable: false }),
      col('楼门院治理示范点数', 'building_governance_sites', 'integer', '楼门院治理示范点个数', { unit: '个' }),
    ],
    key: ['镇街', '社区村名称'],
    rules: [
      { kind: 'le', lesser: '其中本社区居住人数', greater: '社区工作者人数' },
      { kind: 'onlyWhen', column: '撤销年份', when: '状态', equals: ['撤销'] },
      { kind: 'onlyWhen', column: '选举方式', when: '类型', equals: ['社区'] },
      { kind: 'notAfterYear', column: '撤销年份' },
    ],
  },
  {
    name: '社会组织', table: 'social_organizations', level: 'town', department: '社会组织管理科', grain: '每个镇街一行（年末数）',
    columns: [
      town(),
      col('社区社会组织数量', 'community_social_orgs', 'integer', '登记和备案的社区社会组织', { unit: '家' }),
      col('街镇级社会组织联合会', 'has_federation', 'bool', `是否成立街镇级社会组织联合会，${YES_NO}`, { nullable: false }),
    ],
    key: ['镇街'],
    rules: [],
    everyTown: 'all',
  },
  {
    name: '社会工作服务机构', table: 'social_work_agencies', level: 'facility', department: '社会工作科', grain: '每个社会工作服务机构一行',
    columns: [
      col('机构名称', 'agency_name', 'text', '登记名称', { nullable: false }),
      town('所在镇街'),
      col('状态', 'status', 'enum', '存续/注销', { values: ['存续', '注销'], nullable: false }),
    ],
    key: ['机构名称'],
    rules: [],
  },
  {
    name: '社会工作人才', table: 'social_work_talent', level: 'town', department: '社会工作科', grain: '每个镇街一行（年末数）',
    columns: [
      town(),
      people('社会工作专业人才数', 'social_work_professionals', '社会工作专业人才总数'),
      people('其中持证人数', 'certified_professionals', '其中取得社会工作者职业水平证书的人数'),
    ],
    key: ['镇街'],
    rules: [{ kind: 'le', lesser: '其中持证人数', greater: '社会工作专业人才数' }],
    everyTown: 'all',
  },
  {
    name: '志愿服务', table: 'volunteers', level: 'town', department: '社会工作科', grain: '每个镇街一行（年末数）',
    columns: [town(), people('实名注册志愿者人数', 'registered_volunteers', '年末实名注册志愿者')],
    key: ['镇街'],
    rules: [],
    everyTown: 'all',
  },
  {
    name: '志愿服务站点', table: 'volunteer_stations', level: 'list', department: '社会工作科', grain: '每个志愿服务站点一行',
    columns: [
      col('站点名称', 'station_name', 'text', '站点名称', { nullable: false }),
      town(),
      col('社区村名称', 'community_name', 'community', '站点所在社区（村），须在当年社区村名录中', { nullable: false }),
    ],
    key: ['站点名称', '镇街', '社区村名称'],
    rules: [],
  },
  {
    name: '婚姻登记机关', table: 'marriage_registries', level: 'facility', department: '社会事务科', grain: '每个婚姻登记机关一行',
    columns: [
      col('机关名称', 'registry_name', 'text', '婚姻登记机关名称', { nullable: false }),
      col('等级', 'grade', 'enum', '5A/4A/3A/未评级', { values: ['5A', '4A', '3A', '未评级'], nullable: false }),
    ],
    key: ['机关名称'],
    rules: [],
  },
  {
    name: '殡葬安葬', table: 'burials', level: 'town', department: '社会事务科', grain: '每个镇街一行（全年数）',
    columns: [
      town(),
      col('安葬总数', 'burials_total', 'integer', '全年安葬总数', { unit: '例' }),
      col('节地生态安葬数', 'eco_burials', 'integer', '其中节地生态安葬数', { unit: '例' }),
    ],
    key: ['镇街'],
    rules: [{ kind: 'le', lesser: '节地生态安葬数', greater: '安葬总数' }],
    everyTown: 'all',
  },
  {
    name: '公益性公墓覆盖', table: 'public_cemetery_coverage', level: 'town', department: '社会事务科', grain: '每个镇一行（街道不填）',
    columns: [town('镇', 'town'), col('是否覆盖', 'is_covered', 'bool', `是否有公益性公墓服务覆盖，${YES_NO}`, { nullable: false })],
    key: ['镇'],
    rules: [],
    everyTown: 'towns',
  },
  {
    name: '慈善信托', table: 'charitable_trusts', level: 'list', department: '慈善事业促进科', grain: '每个慈善信托一行',
    columns: [
      col('信托名称', 'trust_name', 'text', '备案名称', { nullable: false }),
      col('备案年份', 'filing_year', 'year', '备案年份', { nullable: false }),
      col('财产规模', 'assets', 'number', '信托财产规模', { unit: '万元' }),
      col('状态', 'status', 'enum', '存续/终止', { values: ['存续', '终止'], nullable: false }),
    ],
    key: ['信托名称'],
    rules: [{ kind: 'notAfterYear', column: '备案年份' }],
  },
  {
    name: '慈善服务站点', table: 'charity_stations', level: 'list', department: '慈善事业促进科', grain: '每个慈善服务站点一行',
    columns: [
      col('站点名称', 'station_name', 'text', '站点名称', { nullable: false }),
      town(),
      col('社区村名称', 'community_name', 'community', '站点所在社区（村），须在当年社区村名录中', { nullable: false }),
    ],
    key: ['站点名称', '镇街', '社区村名称'],
    rules: [],
  },
  {
    name: '社会心理服务站点', table: 'psych_service_sites', level: 'facility', department: '社会工作科', grain: '每个社会心理服务中心/站一行',
    columns: [
      col('名称', 'site_name', 'text', '中心/站名称', { nullable: false }),
      col('级别', 'site_level', 'enum', '区级/镇街级/社区村级', { values: ['区级', '镇街级', '社区村级'], nullable: false }),
      town(),
      col('社区村名称', 'community_name', 'community', '级别为“社区村级”时填写所在社区（村），否则留空', { nullable: true }),
      operating,
    ],
    key: ['名称'],
    rules: [{ kind: 'onlyWhen', column: '社区村名称', when: '级别', equals: ['社区村级'] }],
    typeColumn: '级别',
  },
  {
    name: '政务服务事项', table: 'government_services', level: 'list', department: '办公室', grain: '每个政务服务事项一行',
    columns: [
      col('事项编码', 'service_code', 'text', '政务服务事项编码', { nullable: false }),
      col('事项名称', 'service_name', 'text', '事项名称', { nullable: false }),
      col('是否网上可办', 'is_online', 'bool', `是否可全程网上办理，${YES_NO}`, { nullable: false }),
    ],
    key: ['事项编码'],
    rules: [],
  },
  {
    name: '重点任务台账', table: 'key_tasks', level: 'list', department: '办公室', grain: '每项重点任务一行',
    columns: [
      col('任务编号', 'task_id', 'text', '任务编号，如“RW-2023-01”', { nullable: false }),
      col('任务名称', 'task_name', 'text', '任务名称', { nullable: false }),
      col('规划章节', 'plan_section', 'text', '任务所属规划章节，如“第三部分 一（二）”', { nullable: false, planChapter: true }),
      col('牵头单位', 'lead_unit', 'text', '牵头科室或单位', { nullable: false }),
      col('目标要求', 'goal', 'text', '规划提出的目标要求', { nullable: true }),
      col('完成时限', 'deadline', 'text', '如“2025年底”', { nullable: true }),
      col('进展状态', 'progress_status', 'enum', '未启动/推进中/已完成/滞后', { values: ['未启动', '推进中', '已完成', '滞后'], nullable: false }),
      col('完成进度', 'progress_pct', 'percent', '0—100', { unit: '%' }),
      col('进展说明', 'progress_note', 'text', '当年进展情况', { nullable: true }),
    ],
    key: ['任务编号'],
    rules: [],
  },
];

export const SHEET_BY_NAME: ReadonlyMap<string, SheetSpec> = new Map(SHEETS.map((s) => [s.name, s]));

/** Departments in contract order, each with its sheets: one blank workbook per department. */
export function departments(): { name: string; sheets: SheetSpec[] }[] {
  const out = new Map<string, SheetSpec[]>();
  for (const s of SHEETS) {
    if (!out.has(s.department)) out.set(s.department, []);
    out.get(s.department)!.push(s);
  }
  return [...out].map(([name, sheets]) => ({ name, sheets }));
}

/** Header text with its unit: `床位数（张）`. */
export function headerLabel(c: ColumnSpec): string {
  return c.unit ? `${c.name}（${c.unit}）` : c.name;
}

/** Title row of a sheet: `大兴区养老服务设施统计表（2023年度）`. */
export function sheetTitle(region: string, sheet: SheetSpec, year: number): string {
  return `${region}${sheet.name}统计表（${year}年度）`;
}

/**
 * Largest value of an `integer` or `number` column (10^15): far above any count or amount
 * a district reports, below what a JS number holds exactly (2^53) and what the warehouse's
 * BIGINT holds, and far from where sums or ratios of doubles overflow to Infinity. Beyond
 * it a value is rejected (`check` and `build` alike), never loaded.
 */
export const MAX_NUMBER = 1e15;

/** Yes/no spellings accepted in bool columns (contract §2). */
export const YES_VALUES = ['是', 'Y', 'y', 'YES', 'yes', 'Yes', '√', '1', 'TRUE', 'true', 'True'];
export const NO_VALUES = ['否', 'N', 'n', 'NO', 'no', 'No', '×', 'x', 'X', '0', 'FALSE', 'false', 'False'];
/** Cell contents that mean *missing*, never zero. */
export const MISSING_MARKERS = ['', '—', '——', '-', '--', '/', '无', '－', '／'];
