/**
 * One cell of a departmental sheet, parsed by its contract column type (contract §2, §4).
 *
 * Numbers: numeric cells, or text such as `1,234`, `１２３４`, ` 56 `, `12张` (the column's
 * own unit), `37%` (percent columns only). Missing markers (`—`, `-`, `/`, `无`, empty)
 * are null = *missing*, never zero. `1.5万` and the like are rejected: nothing is silently
 * scaled (in a 万元 column `1.5万` could mean either 1.5 or 15000).
 *
 * A result is a typed value or a rule id with the part of a Chinese message that describes
 * the value (`“十二”不是数值`); the sheet parser puts file, sheet, row and column in front.
 */
import { MAX_NUMBER, MISSING_MARKERS, NO_VALUES, YES_VALUES, type ColumnSpec } from '../plan/contract.ts';
import type { Geography } from '../plan/geography.ts';
import { CONDITIONAL_DISPLAY, HIDDEN_DISPLAY, SCALED_DISPLAY, STRIKE, UNSEEN, withoutUnseen, ZERO_UNSHOWN, type CellValue } from '../basics/grid.ts';
import type { RawValue } from '../plan/raw-schema.ts';
import type { RuleId } from './records.ts';
import { foldWidth, isSpaceCode, nameKey, removeSpaces } from '../basics/text.ts';
import { formatNumber } from '../basics/format.ts';
import { quote } from './quote.ts';

export type CellResult<T extends RawValue = RawValue> =
  | { ok: true; value: T }
  | { ok: false; rule: RuleId; message: string };

export interface CellContext {
  /** Resolves town columns to town codes. */
  geography: Geography;
}

export const YEAR_MIN = 1949;
export const YEAR_MAX = 2100;
/** Most characters a cell can hold in Excel: a longer text was not typed there. */
export const MAX_CELL_CHARS = 32_767;

const MISSING = new Set(MISSING_MARKERS.map((m) => nameKey(m)));
/** First characters a missing marker can start with (also zero-width and full-width forms). */
const MARKER_START = new Set([...MISSING_MARKERS.map((m) => m.charAt(0)), '-', '/', '\u2212', '\uFE63', '\u2012', '\u2013', '\u200B', '\uFEFF'].filter(Boolean));
/** Dash-like characters folded to `-` before reading a sign. */
const MINUS = /[\u2212\uFE63\u2012\u2013]/g;
const YES = new Set([...YES_VALUES, '✓', '✔'].map((v) => v.toUpperCase()));
const NO = new Set([...NO_VALUES, '✗', '✘'].map((v) => v.toUpperCase()));
/** A plain decimal, optionally with thousands separators in groups of three. */
const DECIMAL = /^([+-])?(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;
/** Characters a number written as text may have, with its unit, spaces and separators (`-1,234,567,890.123456 万元` has 25). */
export const NUMBER_TEXT_MAX = 100;
/** Direction overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069): invisible, they change what shows. */
const DIRECTION_MARKS = /[\u202A-\u202E\u2066-\u2069]/;
const ALL_DIRECTION_MARKS = new RegExp(DIRECTION_MARKS.source, 'g');
/** Plain ASCII digits, the common case, read without normalising. */
const PLAIN = /^\d{1,15}(?:\.\d+)?$/;
/** A number followed by something else: `12人`, `1.5万`. */
const NUMBER_THEN_SUFFIX = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(.+)$/;
/** Error values of a formula as Excel caches them. */
const EXCEL_ERROR = /^#(?:DIV\/0!|N\/A|VALUE!|REF!|NAME\?|NUM!|NULL!|GETTING_DATA|SPILL!|CALC!)$/i;
/** A date as the workbook reader writes date-formatted cells: `2022-05-01`. */
const ISO_DATE = /^(\d{4})-\d{2}-\d{2}$/;
/** A date typed as text (after width folding, without spaces): `2023/5/1`, `2023.5.1`, `2023年5月1日`, `2023年5月`, `5/1/2023`. */
const DATE_TEXT = /^(?:(\d{4})(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月(?:\d{1,2}日)?)|\d{1,2}[-/.]\d{1,2}[-/.](\d{4}))$/;
/** A number in scientific notation: `1e5`, `1.5E+3`. */
const SCIENTIFIC = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)e[+-]?\d+$/i;
/** Whole-number tolerance for floating-point noise in cached formula results. */
const WHOLE_EPSILON = 1e-9;

/** The cell as text for the rejects ledger and messages: empty for an empty cell. */
export function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'number') return String(v);
  return v;
}

/** Empty or whitespace only. (A missing marker such as `—` is not blank: someone wrote it.) */
export function isBlank(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  const c = v.charCodeAt(0);
  // The common case, without scanning the text (which may be megabytes long).
  if (c > 0x20 && c !== 0xa0 && c !== 0x3000 && c !== 0x200b && c !== 0xfeff && !(c >= 0x2000 && c <= 0x200a) && c !== 0x85 && c !== 0x1680 && c !== 0x2028 && c !== 0x2029 && c !== 0x202f && c !== 0x205f) return false;
  return removeSpaces(v) === '';
}

/** Empty, whitespace, or a missing marker (`—`, `-`, `/`, `无`…): the value is *missing*. */
export function isMissing(v: CellValue | undefined): boolean {
  if (v === null || v === undefined) return true;
  if (typeof v !== 'string') return false;
  const first = v.trimStart().charAt(0);
  if (first !== '' && !MARKER_START.has(first)) return false; // the common case, without normalising
  return MISSING.has(nameKey(v).replace(MINUS, '-'));
}

/** Trimmed text, with every kind of space (also U+3000) trimmed at both ends. */
function trimText(s: string): string {
  // The common case: nothing to trim, said by the first and last characters.
  if (s.length > 0 && !isSpaceCode(s.charCodeAt(0)) && !isSpaceCode(s.charCodeAt(s.length - 1))) return s;
  return s.replace(/^[\s\u00A0\u3000\u200B\uFEFF]+|[\s\u00A0\u3000\u200B\uFEFF]+$/g, '');
}

function fail(rule: RuleId, message: string): { ok: false; rule: RuleId; message: string } {
  return { ok: false, rule, message };
}

export interface NumberOptions {
  /** The column's unit (`张`, `万元`, `%`): accepted after the number. */
  unit?: string;
  /** Percent column: a trailing `%` is accepted. */
  percent?: boolean;
}

/** Digits with spaces between them (`1 23`), unless the spaces group thousands (`1 234`, `12 345.6`). */
function spacedDigits(raw: string): boolean {
  const t = foldWidth(raw);
  if (!/\d[\s\u00A0\u200B]+\d/.test(t)) return false;
  // Each run of spaces between digits taken for a comma: then the grouping commas must have
  const grouped = t.replace(/(\d)[\s\u00A0\u200B]+(?=\d)/g, '$1,');
  return !/^[^\d]*\d{1,3}(?:,\d{3})+(?:\.\d+)?(?:[^\d,.][^\d]*)?$/.test(grouped);
}

/** Units a header may name in brackets (`财产规模（元）`): one other than the contract's refuses the sheet. */
export const KNOWN_UNITS = new Set(['元', '万元', '亿元', '千元', '百元', '人', '万人', '千人', '名', '位', '人次', '张', '床', '百张', '个', '家', '所', '处', '座', '项', '例', '具', '户', '次', '%', '‰', '元/年', '元/月', '元/人·月', '元/人/月', '平方米', '万平方米']);
/**
 * A header bracket's unit as a unit (the sixth workbook attack: 财产规模（单位：元） and
 * （人民币元） were read as 万元, 320000 for 32): its lead words (单位：, 金额单位：, 人民币,
 * RMB), a trailing 人民币, traditional characters (萬人), a multiplier (×10000人) and a count's 数
 * (张数) taken away.
 */
export function bracketUnit(text: string): string {
  let u = nameKey(text)
    .replace(/^(计量单位|金额单位|数量单位|单位|金额|币种)[:：]?/, '')
    .replace(/^(人民币|RMB|CNY|￥|¥)/i, '')
    .replace(/(人民币|RMB|CNY)$/i, '')
    .replace(/萬/g, '万')
    .replace(/億/g, '亿')
    .replace(/張/g, '张')
    .replace(/個/g, '个');
  const times = /^[×xX*]\s*(10+)(.*)$/.exec(u);
  if (times) u = `${{ 10: '十', 100: '百', 1000: '千', 10000: '万', 100000000: '亿' }[Number(times[1])] ?? times[1]}${times[2]}`;
  // a count's unit said with 数 (（张数）, （人数）): the unit
  if (/^[人名位张床个家所处座项例具户次]数$/.test(u)) u = u.slice(0, -1);
  return u;
}

/**
 * Other words for the contract's count units that count the same things one by one (养老护理员
 * 人数（名）, 社区社会组织数量（个）, 节地生态安葬数（人）): the numbers read as they are, so
 * the header is accepted, and a number written with one in a cell (124名 under 人数（人）). A
 * scaled unit (万人, 百张) or another kind of unit (元, 户) is not.
 */
export const SAME_COUNT: Readonly<Record<string, readonly string[]>> = {
  人: ['名', '位'],
  家: ['个', '所', '处', '座'],
  个: ['家', '所', '处', '座', '项'],
  张: ['床', '个'],
  例: ['具', '人', '名', '位', '个'],
};
/**
 * A non-blank cell as a number, before range checks: numeric cells as they are; text with
 * spaces, full-width digits, thousands separators and the column's own unit.
 * Null for a missing marker.
 */
export function readNumber(v: CellValue, opts: NumberOptions = {}): CellResult<number | null> {
  if (v === null || isMissing(v)) return { ok: true, value: null };
  if (typeof v === 'number') {
    return Number.isFinite(v) ? { ok: true, value: v } : fail('not_a_number', `“${quote(cellText(v))}”不是数值${FILL_NUMBER}`);
  }
  if (typeof v === 'boolean') return fail('not_a_number', `“${quote(cellText(v))}”不是数值${FILL_NUMBER}`);
  if (PLAIN.test(v)) return { ok: true, value: Number(v) };
  if (v.endsWith(HIDDEN_DISPLAY)) {
    return fail('not_a_number', `单元格中存的数是${v.slice(0, -HIDDEN_DISPLAY.length)}，但单元格格式不按这个数显示（显示为空白、只显示文字如“—”，或显示的数字与存的不同），表中看到的与存的不同，无法确定是否应计入：请把单元格格式改为“常规”或“数值”；如表示缺失，请清空单元格后重新提交`);
  }
  if (v.endsWith(CONDITIONAL_DISPLAY)) {
    return fail('not_a_number', `单元格中存的数是${v.slice(0, -CONDITIONAL_DISPLAY.length)}，但单元格设有条件格式，满足条件时按另一种数字格式或白色字体显示（或只显示数据条、图标），表中看到的可能与存的不同：请删除这些单元格的条件格式（“开始—条件格式—清除规则”）后重新提交`);
  }
  if (v.endsWith(ZERO_UNSHOWN)) {
    return fail('not_a_number', '单元格中存的数是0，但工作表设置为不显示零值（Excel“文件—选项—高级”中“在具有零值的单元格中显示零”未勾选），表中显示为空白，无法确定是0还是未填：是0的，请勾选该选项后重新提交；未填的，请清空单元格');
  }
  if (v.endsWith(SCALED_DISPLAY)) {
    return fail('not_a_number', `单元格中存的数是${v.slice(0, -SCALED_DISPLAY.length)}，但单元格格式把它按千或万缩小显示，表中看到的数与存的数不同：请把单元格格式改为“常规”或“数值”，按本列的单位填写后重新提交`);
  }
  // Struck-through characters (4̶0̶45): a figure corrected in place, the old one struck — which
  // is meant no one can say (4045 beds had been read: the ninth workbook attack)
  if (v.includes(STRIKE)) {
    return fail('not_a_number', `“${quote(v)}”中有划掉（删除线）的文字，表中看到的是改正前后的两个数，无法确定应计入哪一个：请删去划掉的内容，只留应填的数后重新提交`);
  }
  // Text in white among the figure's digits (a white 1 before 40: 140 stored, 40 seen), or an
  // invisible separator: which number is meant no one can say (the tenth workbook attack)
  if (v.includes(UNSEEN)) {
    return fail('not_a_number', `“${quote(withoutUnseen(v))}”中有在表中看不见的文字（白色字体，或不可见的字符），表中看到的数与存的数不同，无法确定是哪个数：请删去看不见的内容，只留应填的数后重新提交`);
  }
  // A text far longer than any figure is no number; the patterns below are not run on it (on
  // 32,767 commas one of them had taken 0.9 s a cell, 243 rows of three such cells 12 minutes:
  // the seventh workbook attack)
  if (v.length > NUMBER_TEXT_MAX) return fail('not_a_number', `“${quote(v)}”不是数值${FILL_NUMBER}`);
  const raw = v;
  // A direction override (U+202D, U+202E) reverses what shows: 〈RLO〉04 is seen as 40 where the
  // program would read 4 (the sixth workbook attack); other direction marks leave digits in order
  if (/[\u202D\u202E]/.test(raw)) {
    return fail('not_a_number', `“${quote(raw.replace(ALL_DIRECTION_MARKS, ''))}”中有改变文字显示方向的不可见字符，显示的数与存的数可能不同，无法确定是哪个数：请删除后重新输入数字`);
  }
  // Spaces between digits: only as thousands separators (`1 234`, like `1,234`); `12 34` or
  // `1 23` could be two numbers or a typing slip, and no one can say which
  if (spacedDigits(raw)) {
    return fail('not_a_number', `“${quote(raw)}”的数字中间有空格，不能确定是哪个数：请删去空格，或按每三位一组书写（如 1 234）`);
  }
  let s = nameKey(raw).replace(MINUS, '-');
  const units = [opts.unit, ...(opts.unit ? (SAME_COUNT[opts.unit] ?? []) : []), opts.percent ? '%' : undefined].filter((u): u is string => !!u).map((u) => nameKey(u));
  for (const u of units) {
    if (s.length > u.length && s.endsWith(u)) {
      s = s.slice(0, -u.length);
      break;
    }
  }
  const m = DECIMAL.exec(s);
  if (m && (m[2] !== undefined || m[3] !== undefined)) {
    const n = Number(s.replace(/,/g, ''));
    if (Number.isFinite(n)) return { ok: true, value: n };
  }
  if (EXCEL_ERROR.test(s)) return fail('not_a_number', `“${quote(raw)}”是公式的错误结果，不是数值`);
  if (SCIENTIFIC.test(s)) {
    const n = Number(s);
    const plain = Number.isFinite(n) && Math.abs(n) <= MAX_NUMBER ? `（如 ${formatNumber(n, decimalsOf(n))}）` : '';
    return fail('not_a_number', `“${quote(raw)}”是科学计数法，请填写完整的数值${plain}`);
  }
  if (DATE_TEXT.test(s) || ISO_DATE.test(s)) return fail('not_a_number', `“${quote(raw)}”是日期，本列应填数值`);
  // Digits and commas that group wrongly (1,23): not a unit, a slip in the separators
  if (/^[+-]?\d[\d,]*,[\d,]*(?:\.\d+)?$/.test(s)) return fail('not_a_number', `“${quote(raw)}”的千位分隔逗号位置不对：请每三位一组（如 1,234），或不用逗号`);
  // the suffix as written: `40张床` has its 床 stripped as a word for 张, yet 张床 is no unit (and
  // '单位“张”与本列单位“张”不符' said nothing: the sixth workbook attack)
  const suffix = NUMBER_THEN_SUFFIX.exec(s) ? NUMBER_THEN_SUFFIX.exec(nameKey(raw).replace(MINUS, '-'))?.[1] : undefined;
  // `40.`, `0x28`: not a number with a unit either
  if (suffix !== undefined && /^[.,xX]/.test(suffix)) return fail('not_a_number', `“${quote(raw)}”不是数值${FILL_NUMBER}`);
  if (suffix !== undefined) {
    if (/^(万|亿|千|百)/.test(suffix)) {
      return fail('not_a_number', `“${quote(raw)}”带有数量级“${suffix[0]}”，请填写完整的数值${opts.unit ? `（以“${opts.unit}”为单位）` : ''}`);
    }
    if (suffix === '%') return fail('not_a_number', `“${quote(raw)}”是百分数，本列不填百分数`);
    // a word that is no unit (190左右, 190+) is not an exact number, not a wrong unit
    if (opts.unit && KNOWN_UNITS.has(suffix)) return fail('not_a_number', `“${quote(raw)}”的单位“${quote(suffix)}”与本列单位“${opts.unit}”不符`);
    if (opts.unit) return fail('not_a_number', `“${quote(raw)}”不是确切的数值，请只填写数字（以“${opts.unit}”为单位）`);
    return fail('not_a_number', `“${quote(raw)}”不是数值（本列只填数字，不带单位）`);
  }
  if (NO_DATA_WORD.test(s)) return fail('not_a_number', `“${quote(raw.trim())}”不是数值：没有数据请填“—”或留空（按缺数据处理，不当作 0），数量为零请填 0`);
  if (CHINESE_NUMERAL.test(s)) return fail('not_a_number', `“${quote(raw.trim())}”是中文数字，请填写阿拉伯数字`);
  return fail('not_a_number', `“${quote(raw)}”不是数值${FILL_NUMBER}`);
}

/** What a plain `不是数值` says to do (a review of the flawed sample: most messages had said what was wrong, not what to do). */
const FILL_NUMBER = '：本列应填数字，没有数据请填“—”或留空';
/** What a `为负数` says to do. */
const NOT_NEGATIVE = '：本列不能为负数，请核实后改正';

/**
 * Words people write for "no figure" that the contract does not take for missing (only —, -,
 * /, 无 and empty are): rejected, with how to write missing and zero, since either is meant.
 */
const NO_DATA_WORD = /^(N\/?A|NULL|NONE|暂无(数据)?|无数据|没有|不详|未知|未统计|待统计|待定|待核实|待核|核实中|待查|待补|待补充|待填|未填|未报|空|空白|缺|缺失|缺数)$/i;
/** A number in Chinese numerals (十二, 一百零五). */
const CHINESE_NUMERAL = /^[零〇一二两三四五六七八九十百千万亿]+$/;

/** Decimal places of a number written plainly (up to 6): 1500 → 0, 0.0015 → 4. */
function decimalsOf(n: number): number {
  for (let d = 0; d <= 6; d++) if (Math.abs(Math.round(n * 10 ** d) - n * 10 ** d) < 1e-9) return d;
  return 6;
}

/** A number beyond `MAX_NUMBER` (`out_of_range`). */
function outOfRange(v: CellValue, n: number): CellResult<number | null> | undefined {
  if (Math.abs(n) <= MAX_NUMBER) return undefined;
  return fail('out_of_range', `“${quote(cellText(v))}”超出本列可接受的范围（最大 ${formatNumber(MAX_NUMBER)}），请核对`);
}

function whole(n: number): number | undefined {
  const r = Math.round(n);
  return Math.abs(n - r) < WHOLE_EPSILON ? r : undefined;
}

/** Non-negative whole number (`integer`). */
export function parseInteger(v: CellValue, unit?: string): CellResult<number | null> {
  const r = readNumber(v, { unit });
  if (!r.ok || r.value === null) return r;
  if (r.value < 0) return fail('negative', `“${quote(cellText(v))}”为负数${NOT_NEGATIVE}`);
  const range = outOfRange(v, r.value);
  if (range) return range;
  const w = whole(r.value);
  if (w === undefined) return fail('not_a_number', `“${quote(cellText(v))}”不是整数：本列应填整数，请核实后改正`);
  return w === r.value ? r : { ok: true, value: w };
}

/** Non-negative decimal (`number`). */
export function parseDecimal(v: CellValue, unit?: string): CellResult<number | null> {
  const r = readNumber(v, { unit });
  if (!r.ok || r.value === null) return r;
  if (r.value < 0) return fail('negative', `“${quote(cellText(v))}”为负数${NOT_NEGATIVE}`);
  return outOfRange(v, r.value) ?? r;
}

/**
 * Per cent on the 0–100 scale: `37`, `37%`, `37.5％`. A numeric cell is taken as written,
 * so 0.37 is 0.37 % (the grid carries no number formats).
 */
export function parsePercent(v: CellValue): CellResult<number | null> {
  const r = readNumber(v, { percent: true });
  if (!r.ok || r.value === null) return r;
  if (r.value < 0 || r.value > 100) return fail('percent_range', `“${quote(cellText(v))}”超出 0—100 的范围：本列填 0—100 之间的百分数（如 85 或 85%），请核实后改正`);
  return r;
}

/** Calendar year 1949–2100: `2021`, `2021年`, or the year of a date cell (`2021-05-01`). */
export function parseYear(v: CellValue): CellResult<number | null> {
  const text = typeof v === 'string' ? nameKey(v) : '';
  const date = ISO_DATE.exec(text) ?? DATE_TEXT.exec(text);
  const r = date ? { ok: true as const, value: Number(date[1] ?? date[2]) } : readNumber(v, { unit: '年' });
  if (!r.ok || r.value === null) return r;
  const raw = cellText(v);
  const w = whole(r.value);
  if (w === undefined) return fail('not_a_number', `“${quote(raw)}”不是年份`);
  if (w < YEAR_MIN || w > YEAR_MAX) return fail('invalid_year', `“${quote(raw)}”不是有效年份（应在 ${YEAR_MIN}—${YEAR_MAX} 之间）`);
  return { ok: true, value: w };
}

/** Yes/no: 是/否, Y/N, √/×, 1/0, TRUE/FALSE (any case, full or half width). */
export function parseBool(v: CellValue): CellResult<boolean | null> {
  if (isMissing(v)) return { ok: true, value: null };
  if (typeof v === 'boolean') return { ok: true, value: v };
  if (typeof v === 'number') {
    if (v === 1) return { ok: true, value: true };
    if (v === 0) return { ok: true, value: false };
  }
  const k = nameKey(cellText(v)).toUpperCase();
  if (YES.has(k)) return { ok: true, value: true };
  if (NO.has(k)) return { ok: true, value: false };
  return fail('enum_value', `“${quote(cellText(v))}”不是“是”或“否”（也可填 Y/N、√/×、1/0、TRUE/FALSE）`);
}

/** One of `values`, compared after width folding and removing spaces; returns the contract spelling. */
export function parseEnum(v: CellValue, values: readonly string[]): CellResult<string | null> {
  if (isMissing(v)) return { ok: true, value: null };
  const k = nameKey(cellText(v));
  const hit = values.find((x) => nameKey(x) === k);
  if (hit !== undefined) return { ok: true, value: hit };
  // each option in its own quotes: 元/年 and 元/人·月 joined by / read as one (the workbook review)
  return fail('enum_value', `“${quote(cellText(v))}”不是规定的选项（应为${values.map((x) => `“${x}”`).join('')}之一）`);
}

/**
 * Characters no one types into a name or a note: direction overrides, embeddings and isolates
 * (U+202A–U+202E, U+2066–U+2069: they show the text, and in a report the words after it,
 * otherwise than stored), and control characters other than a line break or a tab (ESC, BEL,
 * NUL: in a workbook as `_x001B_`…). Marks that move nothing (U+200E, U+200F) are no part of it.
 */
const HIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]/;
const ALL_HIDDEN_CHARACTERS = new RegExp(HIDDEN_CHARACTERS.source, 'g');

/** A name or note holding `HIDDEN_CHARACTERS` (`hidden_characters`), quoted without them, each named by its code. */
function hiddenCharacters(text: string): CellResult<never> {
  const found = [...new Set(text.match(ALL_HIDDEN_CHARACTERS) ?? [])];
  const codes = found.slice(0, 3).map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`).join('、');
  const shown = quote(trimText(text.replace(ALL_HIDDEN_CHARACTERS, '')));
  return found.some((c) => DIRECTION_MARKS.test(c))
    ? fail('hidden_characters', `“${shown}”中有改变文字显示方向的不可见字符（${codes}），会使这段文字和报告中跟在它后面的文字显示得与存的不同：请删除后重新填写`)
    : fail('hidden_characters', `“${shown}”中有不可见的控制字符（${codes}），不是在 Excel 中填写的文字：请删除后重新填写`);
}

/**
 * A cell shown struck through, whole (crossed out: void, or not?) or in part (a figure or name
 * corrected in place: which one counts?) — no one can say what is meant: refused, saying so.
 * The reader marks what shows struck (U+0336 after each character: 4̶0̶45); an office's correction
 * had been read as 4045 beds (the ninth workbook attack).
 */
function struckThrough(v: string): CellResult<never> {
  const whole = [...v.replace(/\s/g, '')].every((c, i, all) => c === STRIKE || all[i + 1] === STRIKE);
  return whole
    ? fail('struck_through', `“${quote(v)}”整个单元格有删除线（划掉），无法确定是否仍有效：已作废的，请删去该行；仍有效的，请取消删除线后重新提交`)
    : fail('struck_through', `“${quote(v)}”中有划掉（删除线）的文字，表中看到的是改正前后两种内容，无法确定应计入哪一个：请删去划掉的内容，只留应填的内容后重新提交`);
}

/** Free text, trimmed; a missing marker is null. */
export function parseText(v: CellValue): CellResult<string | null> {
  if (isMissing(v)) return { ok: true, value: null };
  return { ok: true, value: trimText(cellText(v)) };
}

/** Traditional forms of the characters in Beijing's place names, by their simplified ones. */
const TRADITIONAL = new Map([...'黃黄鎮镇區区長长門门紅红營营雲云莊庄觀观興兴豐丰龐庞禮礼賢贤採采舊旧宮宫榮荣華华鄉乡縣县團团陽阳東东關关廣广場场園园橋桥'.matchAll(/(.)(.)/gu)].map((m) => [m[1]!, m[2]!] as const));

function toSimplified(s: string): string {
  let out = '';
  for (const c of s) out += TRADITIONAL.get(c) ?? c;
  return out;
}

/** A town or street, as canonical name, alias or with the district prefix → town code. */
export function parseTown(v: CellValue, geography: Geography): CellResult<string | null> {
  if (isMissing(v)) return { ok: true, value: null };
  const place = geography.resolveTown(cellText(v));
  if (place) return { ok: true, value: place.code };
  const text = trimText(cellText(v));
  const key = nameKey(text);
  // the district itself, or a town's name inside a longer one (兴丰街道办事处): said as such, the
  // town suggested (the workbook review: '“大兴区”不是大兴区的镇街' read as a contradiction)
  if ([geography.district.name, ...geography.district.aliases, '全区'].some((n) => nameKey(n) === key)) {
    return fail('unknown_town', `“${quote(text)}”是全区，不是镇街：本列应填镇街名称或通用简称，如“${geography.towns[0]?.name ?? ''}”；全区合计不填在镇街行中`);
  }
  // a subtotal within the data (街道小计, 黄村镇小计): a row to delete, not a town to correct
  if (/小计|合计|总计|汇总/.test(key)) {
    return fail('unknown_town', `“${quote(text)}”像是小计或合计行，不是镇街：数据中间不填小计行，请删除本行；全表的合计可放在最后一行，首格写“合计”`);
  }
  // written in traditional characters (黃村鎮): the town suggested, as a name to correct
  const simplified = geography.resolveTown(toSimplified(text));
  if (simplified) return fail('unknown_town', `“${quote(text)}”是繁体字写法，是否应为“${simplified.name}”？请改为简体的镇街名称或通用简称`);
  const inside = geography.towns.filter((t) => [t.name, ...t.aliases].some((n) => nameKey(n).length >= 2 && key.includes(nameKey(n))));
  if (inside.length === 1) return fail('unknown_town', `“${quote(text)}”不是${geography.district.name}的镇街名称，是否应为“${inside[0]!.name}”？请改为镇街名称或通用简称`);
  return fail('unknown_town', `“${quote(text)}”不是${geography.district.name}的镇街（应填镇街名称或通用简称，如“${geography.towns[0]?.name ?? ''}”）`);
}

/**
 * Parse one cell by its column's type. A missing value of a column that is not nullable is
 * `required_value`; of a nullable column, null. Community names are only trimmed here: they
 * are checked against that year's 社区村名录 once all sheets of the year are read.
 */
export function parseCell(v: CellValue, column: ColumnSpec, ctx: CellContext): CellResult {
  if (typeof v === 'string' && v.length > MAX_CELL_CHARS) return tooLong(v);
  if (typeof v === 'string' && v.includes(STRIKE)) return struckThrough(v);
  // a formula's error (#N/A of a VLOOKUP that found nothing) is no name, option or town either
  if (typeof v === 'string' && !NUMERIC_TYPES.has(column.type) && isExcelError(v)) {
    return fail('formula_error', `“${quote(trimText(v))}”是公式的错误结果（如查找公式没有找到），不是有效的值`);
  }
  let r: CellResult;
  switch (column.type) {
    case 'integer':
      r = parseInteger(v, column.unit);
      break;
    case 'number':
      r = parseDecimal(v, column.unit);
      break;
    case 'percent':
      r = parsePercent(v);
      break;
    case 'year':
      r = parseYear(v);
      break;
    case 'bool':
      r = parseBool(v);
      break;
    case 'enum':
      r = parseEnum(v, column.values ?? []);
      break;
    case 'town':
      r = parseTown(v, ctx.geography);
      break;
    case 'text':
    case 'community': {
      // a name's run in white read as stored, without the mark that says it is unseen
      const t = typeof v === 'string' ? withoutUnseen(v) : v;
      r = typeof t === 'string' && HIDDEN_CHARACTERS.test(t) ? hiddenCharacters(t) : parseText(t);
      break;
    }
  }
  if (r.ok && r.value === null && !column.nullable) {
    const said = trimText(cellText(v));
    // 无 in a yes/no column most often means 否 (the twelfth workbook attack): said, not guessed
    const no = column.type === 'bool' && /^(无|没有)$/.test(said) ? '；如意思是“否”，请填“否”' : '';
    return fail('required_value', isBlank(v) ? '必填，但为空' : `必填，但填的是“${quote(said)}”（表示缺失）${no}`);
  }
  return r;
}

/**
 * What `parseCell` gives the commonest cells, without making a result object: a number of an
 * `integer` column that is a non-negative whole number within range, of a `number` column a
 * non-negative number within range, a text of a `text` or `community` column that is no
 * missing marker (trimmed). Undefined for any other cell: parse it with `parseCell`.
 */
export function plainValue(v: CellValue, type: ColumnSpec['type']): number | string | undefined {
  if (typeof v === 'number') {
    if ((type === 'integer' && Number.isInteger(v)) || type === 'number') return v >= 0 && v <= MAX_NUMBER ? v : undefined;
    return undefined;
  }
  if ((type === 'text' || type === 'community') && typeof v === 'string' && v.length <= MAX_CELL_CHARS && !isMissing(v) && !isExcelError(v) && !HIDDEN_CHARACTERS.test(v) && !v.includes(UNSEEN)) return trimText(v);
  return undefined;
}

const NUMERIC_TYPES: ReadonlySet<ColumnSpec['type']> = new Set(['integer', 'number', 'percent', 'year']);

/** `#N/A`, `#REF!`…: what Excel shows for a formula whose result is an error (the cheap test first: a text starting with #). */
function isExcelError(v: string): boolean {
  const c = v.charCodeAt(0);
  if (c === 35) return EXCEL_ERROR.test(v.trim());
  return (c <= 32 || c === 0xa0 || c === 0x3000) && EXCEL_ERROR.test(v.trim());
}

/** A cell longer than Excel allows (`too_long`), the value quoted capped. */
export function tooLong(v: string): { ok: false; rule: RuleId; message: string } {
  return fail('too_long', `“${quote(v)}”超过 Excel 单元格最多 ${formatNumber(MAX_CELL_CHARS)} 个字符的上限，不是在 Excel 中填写的内容`);
}

/** The cell's text as the rejects ledger keeps it: whole up to Excel's cell limit, cut (and said so) beyond. */
export function ledgerValue(v: CellValue | undefined): string {
  return quote(cellText(v ?? null), MAX_CELL_CHARS);
}

/** Width-folded, space-free text of a cell: what closing rows and titles are matched on. */
export function cellKey(v: CellValue | undefined): string {
  return nameKey(cellText(v ?? null));
}
