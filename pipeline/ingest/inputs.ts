/**
 * The input folder: one sub-folder per reporting year, each with any number of workbooks.
 *
 * A year folder is recognised however it is commonly spelled (`2023`, `2023年`, `2023 年度`,
 * `２０２３`, `（2023年）`); symbolic links are followed. Everything else found there is
 * listed with the reason it is not read, so that nothing is skipped silently. Years
 * outside the plan's (baseline year to target year) are not read either: their workbooks
 * are refused.
 */
import { existsSync, readdirSync, readlinkSync, statSync, type Dirent, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import { fileSystemReason, UserError, EXIT } from '../basics/errors.ts';
import { nameKey } from '../basics/text.ts';

export interface InputFile {
  year: number;
  /** Absolute path. */
  path: string;
  /** Path relative to the input folder, with `/`: `2023/养老服务科_2023.xlsx`. */
  relPath: string;
}

/** A file or folder of the input that is not read, and why (a warning). */
export interface NotRead {
  /** Relative path; a folder ends with `/`. */
  path: string;
  /** The year folder it lies in; null at the top of the input folder. */
  year: number | null;
  /** Chinese phrase following the path: `不是工作簿（.docx），未读取`. */
  reason: string;
}

/** A file that is refused as a whole before it is opened. */
export interface RefusedFile extends InputFile {
  rule: 'year_outside_plan' | 'year_folder_twice' | 'unreadable';
  /** Chinese message naming the file. */
  message: string;
}

export interface InputListing {
  dir: string;
  /** Reporting years of the plan with a year folder, ascending. */
  years: number[];
  /** Workbooks to read, in a stable order (year, then name). */
  workbooks: InputFile[];
  /** Spreadsheet files in another format (.xls, .et, .csv…): rejected as not xlsx. */
  otherSpreadsheets: InputFile[];
  /** Workbooks refused unopened: in a year folder outside the plan, or a link to nothing. */
  refused: RefusedFile[];
  /** Files and folders that are not inputs (notes, lock files…), each with its reason. */
  notRead: NotRead[];
  /** The paths of `notRead` (kept in the manifest). */
  ignored: string[];
  /** `<input>/geography.csv` when the input brings its own geography (e.g. scaled samples). */
  geographyFile: string | null;
}

/** The years a plan reads: its baseline year to its target year. */
export interface YearRange {
  first: number;
  last: number;
}

// templates too (.xltx, .xltm, .xlt, .ett, .ots): a workbook saved as one by mistake held the
// year's returns and was only warned about, its figures then missing (the sixth workbook attack)
const SPREADSHEET_OTHER = /\.(xls|xlsm|xlsb|et|ods|csv|xltx|xltm|xlt|ett|ots)$/i;
/** An xlsx workbook or a spreadsheet in another format (rejected as not xlsx), by its name. */
export const isSpreadsheet = (name: string) => /\.xlsx$/i.test(name) || SPREADSHEET_OTHER.test(name);
/** `2023`, `2023年`, `2023年度`, `2023年数据`, in brackets or not, after width folding and without spaces. */
const YEAR_FOLDER = /^[(\[【]?(\d{4})(?:年度?)?(?:数据|报表|填报数据|报送数据)?[)\]】]?$/;

/** The year a folder name stands for, or null when it is not a year folder. */
export function yearOfFolder(name: string): number | null {
  const m = YEAR_FOLDER.exec(nameKey(name));
  return m ? Number(m[1]) : null;
}

/** The one plan year a folder's longer name holds (`2023年度（终稿）`, `2021-备份`); null for none or several. */
function namedYear(name: string, range: YearRange): number | null {
  const years = [...nameKey(name).matchAll(/(?<!\d)((?:19|20)\d{2})(?!\d)/g)].map((m) => Number(m[1])).filter((y) => y >= range.first && y <= range.last);
  return new Set(years).size === 1 ? years[0]! : null;
}

/**
 * A file's name as its user meant it: `社会救助科_2023.xlsx ` (a space after the extension, typed
 * when renaming) is a workbook too; it had been left unread as 不是工作簿（.xlsx ）, and check
 * passed (the fourth workbook attack).
 */
function meantName(name: string): string {
  return name.replace(/[\s\u3000]+$/, '');
}

/** The spreadsheets directly in a folder (not temporary copies), by name; none when it cannot be read. */
function spreadsheetsIn(path: string): string[] {
  try {
    return readdirSync(path, { withFileTypes: true }).filter((f) => f.isFile() && !f.name.startsWith('~$') && !f.name.startsWith('.') && isSpreadsheet(meantName(f.name))).map((f) => f.name).sort();
  } catch {
    return [];
  }
}

/** Levels of folders, and entries, looked through below a year folder for workbooks it holds. */
const NESTED_DEPTH = 4;
const NESTED_ENTRIES = 2000;

/**
 * The spreadsheets anywhere in a folder below a year folder (not temporary or hidden copies), by
 * path relative to `rel`: looked through, not read, a few levels and entries deep (links not
 * followed, so no loop).
 */
function spreadsheetsBelow(path: string, rel: string): string[] {
  const out: string[] = [];
  let seen = 0;
  const walk = (dir: string, relDir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch {
      return;
    }
    for (const f of entries) {
      if (++seen > NESTED_ENTRIES) return;
      if (f.name.startsWith('~$') || f.name.startsWith('.')) continue;
      if (f.isDirectory()) {
        if (depth < NESTED_DEPTH) walk(join(dir, f.name), `${relDir}${f.name}/`, depth + 1);
      } else if (f.isFile() && isSpreadsheet(meantName(f.name))) out.push(`${relDir}${f.name}`);
    }
  };
  walk(path, rel, 1);
  return out;
}

/** The entry's stats with symbolic links followed; null for a link to nothing. */
function follow(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function linkTarget(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '?';
  }
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const GBK = new TextDecoder('gbk');

/**
 * The names in `dir` that are not UTF-8 (as a Windows archive unpacked here leaves them, in
 * GBK): by the name Node lists them under (its bytes decoded with U+FFFD), the name as GBK
 * reads it. Node cannot open such a file by a string path, so the listing says why instead
 * of letting a present workbook fail as not found.
 */
function undecodableNames(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of readdirSync(dir, { encoding: 'buffer' })) {
    try {
      UTF8.decode(raw);
    } catch {
      out.set(raw.toString('utf8'), GBK.decode(raw));
    }
  }
  return out;
}

/** The message for an entry whose name is not UTF-8 (`gbk`: the name as GBK reads it). */
function undecodableMessage(relPath: string, gbk: string): string {
  return `“${relPath}”的名称不是 UTF-8 编码（按 GBK 读作“${gbk}”，多见于在 Windows 上打包的压缩文件），无法打开；请把它改名（或用支持 UTF-8 的工具重新解压）后重新提交`;
}

export function discoverInputs(dir: string, range: YearRange = { first: 1949, last: 2100 }): InputListing {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError(`输入目录“${dir}”不存在或不是文件夹`, EXIT.usage);
  }
  const listing: InputListing = { dir, years: [], workbooks: [], otherSpreadsheets: [], refused: [], notRead: [], ignored: [], geographyFile: null };
  const notRead = (path: string, year: number | null, reason: string) => {
    listing.notRead.push({ path, year, reason });
    listing.ignored.push(path);
  };
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
  } catch (e) {
    throw new UserError(`输入目录“${dir}”无法读取：${fileSystemReason(e)}。请检查文件夹的权限后重新运行`, EXIT.usage);
  }
  const folderOfYear = new Map<number, string>();
  /** Folders whose names hold a plan year in a longer name (2023年度（终稿）): decided once every year folder is known. */
  const namedOnly: string[] = [];
  const undecodable = undecodableNames(dir);
  for (const e of entries) {
    const path = join(dir, e.name);
    const gbkName = undecodable.get(e.name);
    if (gbkName !== undefined) {
      // A year folder by its GBK name: its workbooks are refused as a whole; anything else is said
      const year = e.isDirectory() ? yearOfFolder(gbkName) : null;
      if (year !== null && year >= range.first && year <= range.last && !folderOfYear.has(year)) {
        folderOfYear.set(year, e.name);
        listing.years.push(year);
        listing.refused.push({ year, path, relPath: `${e.name}/`, rule: 'unreadable', message: `文件夹${undecodableMessage(e.name, gbkName)}` });
      } else notRead(e.isDirectory() ? `${e.name}/` : e.name, null, `的名称不是 UTF-8 编码（按 GBK 读作“${gbkName}”），未读取；如是输入，请改名后重新提交`);
      continue;
    }
    const stats = e.isSymbolicLink() ? follow(path) : null;
    const isDir = e.isDirectory() || (stats?.isDirectory() ?? false);
    const isFile = e.isFile() || (stats?.isFile() ?? false);
    if (e.isSymbolicLink() && stats === null) {
      notRead(e.name, null, `是指向“${linkTarget(path)}”的链接，但链接的目标不存在，未读取`);
      continue;
    }
    if (isFile && e.name === 'geography.csv') {
      listing.geographyFile = path;
      continue;
    }
    const year = isDir ? yearOfFolder(e.name) : null;
    if (year === null) {
      if (isDir && namedYear(e.name, range) !== null) namedOnly.push(e.name);
      else if (isDir) notRead(`${e.name}/`, null, '不是年度文件夹（应命名为 2023、2023年 等），其中的文件未读取');
      else if (e.name.startsWith('.')) notRead(e.name, null, '是隐藏文件，未读取');
      else notRead(e.name, null, '不在年度文件夹中，未读取（工作簿应放在 2023/ 这样的年度文件夹里）');
      continue;
    }
    // A second folder of a year (2023/ and 2023年/): which one is meant cannot be known, so
    // its workbooks are refused (the build stops, exit 2, unless told to accept rejects), and
    // the year is read from the first (a data problem, said by file; it had stopped the
    // command as a usage error, exit 64, the fourth workbook attack)
    const twin = folderOfYear.get(year);
    if (twin === undefined) folderOfYear.set(year, e.name);
    const inPlan = year >= range.first && year <= range.last;
    if (inPlan && twin === undefined) listing.years.push(year);
    let files: Dirent[];
    try {
      files = readdirSync(path, { withFileTypes: true }).sort(byName);
    } catch (err) {
      // Its workbooks are unknown: refused as a whole, so that every figure of the year is
      // marked (and the build stops unless told to accept rejects), never a year read as empty
      listing.refused.push({
        year, path, relPath: `${e.name}/`, rule: 'unreadable',
        message: `文件夹“${e.name}”无法读取：${fileSystemReason(err)}，其中的工作簿都未读取；请检查文件夹的权限后重新运行`,
      });
      continue;
    }
    let refusedHere = 0;
    const listedBefore = listing.workbooks.length + listing.otherSpreadsheets.length + listing.refused.length;
    const undecodableHere = undecodableNames(path);
    for (const f of files) {
      const relPath = `${e.name}/${f.name}`;
      const file: InputFile = { year, path: join(path, f.name), relPath };
      const gbkHere = undecodableHere.get(f.name);
      if (gbkHere !== undefined) {
        if (isSpreadsheet(gbkHere) && !gbkHere.startsWith('~$')) {
          if (!inPlan) refusedHere++;
          listing.refused.push({ ...file, rule: 'unreadable', message: `文件${undecodableMessage(relPath, gbkHere)}` });
        } else notRead(relPath, year, `的名称不是 UTF-8 编码（按 GBK 读作“${gbkHere}”），未读取`);
        continue;
      }
      const target = f.isSymbolicLink() ? follow(file.path) : null;
      const fIsFile = f.isFile() || (target?.isFile() ?? false);
      const fIsDir = f.isDirectory() || (target?.isDirectory() ?? false);
      const named = meantName(f.name);
      const spreadsheet = isSpreadsheet(named);
      if (f.isSymbolicLink() && target === null) {
        const why = `是指向“${linkTarget(file.path)}”的链接，但链接的目标不存在`;
        if (spreadsheet && !f.name.startsWith('~$')) {
          listing.refused.push({ ...file, rule: 'unreadable', message: `文件“${relPath}”${why}，无法读取；请放入工作簿本身` });
        } else notRead(relPath, year, `${why}，未读取`);
      } else if (fIsDir) {
        // Workbooks in it are refused, each, not passed over with the folder: a department's
        // second part in 2025/补报/ had left its towns' stations at 0, complete (the eighth
        // workbook attack). Refused, the year's figures are marked and the build stops until
        // they are moved into the year folder, or a backup out of the input.
        const below = inPlan && twin === undefined && !f.isSymbolicLink() ? spreadsheetsBelow(file.path, `${relPath}/`) : [];
        for (const b of below) {
          listing.refused.push({
            year, path: join(path, b.slice(e.name.length + 1)), relPath: b, rule: 'unreadable',
            message: `文件“${b}”在年度文件夹“${e.name}”的子文件夹中，未读取：工作簿应直接放在年度文件夹中。如是 ${year} 年的数据，请移到“${e.name}/”下；如是备份或旧版本，请移出输入目录；然后重新提交`,
          });
        }
        if (!below.length) notRead(`${relPath}/`, year, '是文件夹，其中的文件未读取（工作簿应直接放在年度文件夹中）');
      } else if (!fIsFile) {
        // a pipe or device under a workbook's name (or a link to one) holds no workbook that can be
        // read: refused as a link to nothing is, not merely listed, or the department's workbook
        // was missing with the build going on (the seventh workbook attack)
        if (spreadsheet && !f.name.startsWith('~$')) {
          listing.refused.push({ ...file, rule: 'unreadable', message: `文件“${relPath}”不是普通文件（是管道、设备或指向它们的链接），无法读取；请放入工作簿本身` });
        } else notRead(relPath, year, '不是普通文件，未读取');
      } else if (f.name.startsWith('~$')) {
        notRead(relPath, year, '是 Excel/WPS 打开工作簿时生成的临时文件，未读取');
      } else if (f.name.startsWith('.')) {
        notRead(relPath, year, '是隐藏文件，未读取');
      } else if (!spreadsheet) {
        notRead(relPath, year, `不是工作簿${extname(f.name) ? `（${extname(f.name)}）` : ''}，未读取`);
      } else if (!inPlan) {
        refusedHere++;
        listing.refused.push({
          ...file, rule: 'year_outside_plan',
          message: `文件“${relPath}”在文件夹“${e.name}”中，即 ${year} 年，不在规划的年度范围（${range.first}—${range.last} 年）内，未读取；请核对文件夹名称`,
        });
      } else if (twin !== undefined) {
        refusedHere++;
        listing.refused.push({
          ...file, rule: 'year_folder_twice',
          message: `文件“${relPath}”所在的文件夹“${e.name}”与文件夹“${twin}”都是 ${year} 年，无法确定以哪一个为准，本文件未读取（已读取“${twin}”中的工作簿）；请把同一年的工作簿放在一个文件夹中后重新提交`,
        });
      } else if (/\.xlsx$/i.test(named)) listing.workbooks.push(file);
      else listing.otherSpreadsheets.push(file);
    }
    // a year folder holding no workbook at all: said, as a missing one is (the eighth workbook
    // attack: an emptied 2022/ gave missing figures and not a word why)
    if (inPlan && twin === undefined && listing.workbooks.length + listing.otherSpreadsheets.length + listing.refused.length === listedBefore) {
      notRead(`${e.name}/`, year, `中没有工作簿：${year} 年没有读到任何工作簿，依赖的指标都记为缺失。如已填报，请把工作簿放在这一文件夹中后重新提交`);
    }
    if (inPlan && twin !== undefined && refusedHere === 0) {
      notRead(`${e.name}/`, year, `与文件夹“${twin}”同为 ${year} 年，其中没有工作簿，未读取`);
    } else if (!inPlan && refusedHere === 0) {
      notRead(`${e.name}/`, null, `是 ${year} 年的文件夹，不在规划的年度范围（${range.first}—${range.last} 年）内，其中没有工作簿，未读取`);
    }
  }
  // A folder that names a plan year in a longer name (2023年度（终稿）, 2021-备份): beside that
  // year's own folder, a copy not read; alone, it holds the year's returns under a name not
  // read as a year, and its workbooks are refused, the year kept (every figure missing, exit 2),
  // not a year that silently is not there (the fifth workbook attack: 2023 vanished, exit 0)
  for (const name of namedOnly) {
    const year = namedYear(name, range)!;
    const books = spreadsheetsIn(join(dir, name));
    if (folderOfYear.has(year) || books.length === 0) {
      notRead(`${name}/`, null, folderOfYear.has(year)
        ? `不是年度文件夹（应命名为 2023、2023年 等），其中的文件未读取；${year} 年的工作簿已从文件夹“${folderOfYear.get(year)}”读取`
        : '不是年度文件夹（应命名为 2023、2023年 等），其中没有工作簿，未读取');
      continue;
    }
    folderOfYear.set(year, name);
    listing.years.push(year);
    for (const f of books) {
      listing.refused.push({
        year, path: join(dir, name, f), relPath: `${name}/${f}`, rule: 'unreadable',
        message: `文件“${name}/${f}”所在的文件夹“${name}”不是年度文件夹的名称（应为“${year}”或“${year}年”），其中的工作簿未读取：${year} 年没有读到任何工作簿。如是 ${year} 年的报送，请把文件夹改名为“${year}”后重新提交`,
      });
    }
  }
  listing.years.sort((a, b) => a - b);
  // A year of the plan between two year folders without one of its own (renamed 2023（修订）,
  // left out): read as a year with no workbook, its figures missing and said so, as an empty
  // folder's are; not a year the series skips, exit 0 (the workbook review)
  const [firstYear, lastYear] = [listing.years[0] ?? 0, listing.years.at(-1) ?? 0];
  for (let y = firstYear + 1; y < lastYear; y++) {
    if (folderOfYear.has(y)) continue;
    listing.years.push(y);
    notRead(`${y}/`, y, `不存在：${firstYear} 年至 ${lastYear} 年之间缺少这一年的年度文件夹，该年没有读到任何工作簿，依赖的指标都记为缺失。如已填报，请把工作簿放在名为“${y}”的文件夹中后重新提交`);
  }
  listing.years.sort((a, b) => a - b);
  // No folder of the baseline year before the first one given: the evaluation goes by the plan's
  // baselines, but every comparison with that year's own data (a town's change since it, the
  // facilities built since) has nothing to go on; warned, not guessed (it had gone unsaid, and
  // towns read '21项指标中有0项较2020年提高')
  if (firstYear > range.first && !folderOfYear.has(range.first)) {
    notRead(`${range.first}/`, range.first, `不存在：缺少基期 ${range.first} 年的年度文件夹。各指标仍按规划印发的基期值评价，但与 ${range.first} 年实际数的比较（如各镇街较 ${range.first} 年的变化、规划期内新建成的设施）无法作出。如有 ${range.first} 年的报送，请放在名为“${range.first}”的文件夹中后重新提交`);
  }
  const order = (a: InputFile, b: InputFile) => a.year - b.year || (a.relPath < b.relPath ? -1 : a.relPath > b.relPath ? 1 : 0);
  listing.workbooks.sort(order);
  listing.otherSpreadsheets.sort(order);
  if (listing.years.length === 0) {
    const outside = [...folderOfYear.keys()].filter((y) => y < range.first || y > range.last);
    throw new UserError(
      `输入目录“${dir}”中没有规划年度（${range.first}—${range.last} 年）的年度文件夹（应为 ${range.first}/、${range.first + 1}/ … 每年一个文件夹）` +
        (outside.length ? `；找到的 ${outside.map((y) => `“${folderOfYear.get(y)}”`).join('、')} 不在规划年度内` : ''),
      EXIT.usage,
    );
  }
  return listing;
}

