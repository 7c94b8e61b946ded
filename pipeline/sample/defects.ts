/**
 * `--with-errors`: a documented set of defects in the last sample year, one or more for
 * every rule of data-contract.md §4 (and the uncached formula of §2). Some are planted in
 * the departments' own workbooks, the rest come in a supplementary workbook (补报) and four
 * unreadable files. Each defect is listed in defects.json with the Excel position the
 * loader should report, and described in Chinese in 缺陷说明.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newWorkbook } from '../basics/xlsx-write.ts';
import { workbookBytes } from '../basics/xlsx-write.ts';
import { SHEET_BY_NAME } from '../plan/contract.ts';
import { createRng } from './rng.ts';
import { existing } from './communities.ts';
import { STORY_FIRST_YEAR } from './story.ts';
import type { Row, SheetRows } from './sheets.ts';
import { chooseQuirks, renderSheet, type Quirks, type RenderedSheet } from './render.ts';
import type { SampleFile, WrittenSheet } from './files.ts';
import type { World } from './world.ts';
import { encryptedLookalike, notAZip, truncated, zipBomb } from './badfiles.ts';
import { DEFECT_RULES, defectMarkdown, type DefectEntry, type DefectRule } from './defect-report.ts';

export type { DefectEntry };

export interface RenderOverride {
  quirks?: Partial<Quirks>;
  totalDelta?: { column: string; delta: number };
  dropColumns?: readonly string[];
  titleYear?: number;
}

export interface DefectContext {
  entries: DefectEntry[];
  renderOverrides: Map<SheetRows, RenderOverride>;
  writeExtras(dir: string, env: { region: string; aliases: ReadonlyMap<string, readonly string[]>; written: WrittenSheet[] }): Promise<{ files: number; sheets: number; rows: number }>;
}

interface Pending {
  rule: DefectRule;
  expect: DefectEntry['expect'];
  data: SheetRows;
  /** The defective row, or null for a sheet-level position. */
  row: Row | null;
  position?: 'header' | 'title' | 'total';
  column: string | null;
  value: string | null;
  note: string;
  collateral?: boolean;
}

const SIMPLE: Partial<Quirks> = { merge: false, textNumbers: 0, total: 'none', sheetName: 'plain', shuffle: false };

export function applyDefects(files: SampleFile[], ctx: { world: World; year: number; hasPreviousYear: boolean; seed: number }): DefectContext {
  const { world, year } = ctx;
  const yi = year - STORY_FIRST_YEAR;
  const find = (name: string) => {
    for (const f of files) for (const s of f.sheets) if (s.sheet.name === name && s.part === '') return s;
    throw new Error(`示例数据缺少工作表 ${name}`);
  };
  const pending: Pending[] = [];
  const overrides = new Map<SheetRows, RenderOverride>();
  const townRow = (s: SheetRows, name: string) => s.rows.find((r) => r.v[s.sheet.columns[0]!.name] === name)!;
  const real = world.towns.filter((t) => !t.synthetic);

  // 已集中供养 > 有集中供养需求 (the town then lacks a valid row: expected town_missing warning).
  const poor = find('特困人员供养');
  const pTown = real[10]!.name;
  const pRow = townRow(poor, pTown);
  pRow.v['已集中供养人数'] = (pRow.v['有集中供养需求人数'] as number) + 3;
  overrides.set(poor, { quirks: { total: 'none', textNumbers: 0 } });
  pending.push({ rule: 'impossible_value', expect: 'reject-row', data: poor, row: pRow, column: '已集中供养人数', value: String(pRow.v['已集中供养人数']), note: `${pTown}已集中供养人数（${pRow.v['已集中供养人数']}）大于有集中供养需求人数（${pRow.v['有集中供养需求人数']}）` });
  pending.push({ rule: 'town_missing', expect: 'warning', data: poor, row: null, column: '镇街', value: pTown, collateral: true, note: `上一行被拒后，${pTown}在“特困人员供养”表中没有有效行（连带警告）` });

  // 其中本社区居住人数 > 社区工作者人数, on a village that no station refers to.
  const list = find('社区村名录');
  const village = world.communities.find((c) => c.kind === '村' && existing(c, yi) && !c.volunteer[yi] && !c.charity[yi] && !c.psych[yi] && c.workers[yi]! >= 3);
  if (!village) throw new Error(`${year} 年没有可以设置“其中 > 总数”缺陷的村（无站点引用）`);
  const vRow = list.rows.find((r) => r.v['镇街'] === village.town.name && r.v['社区村名称'] === village.name)!;
  vRow.v['其中本社区居住人数'] = (vRow.v['社区工作者人数'] as number) + 2;
  overrides.set(list, { quirks: { textNumbers: 0 } });
  pending.push({ rule: 'impossible_value', expect: 'reject-row', data: list, row: vRow, column: '其中本社区居住人数', value: String(vRow.v['其中本社区居住人数']), note: `${village.town.name}${village.name}其中本社区居住人数大于社区工作者人数` });

  // A town missing from a town-level sheet.
  const vol = find('志愿服务');
  const gone = real[real.length - 1]!.name;
  vol.rows = vol.rows.filter((r) => r.v['镇街'] !== gone);
  pending.push({ rule: 'town_missing', expect: 'warning', data: vol, row: null, column: '镇街', value: gone, note: `“志愿服务”表漏填${gone}` });

  // A wrong 合计.
  const burial = find('殡葬安葬');
  overrides.set(burial, { quirks: { total: 'plain', formulas: false }, totalDelta: { column: '安葬总数', delta: 100 } });
  pending.push({ rule: 'total_mismatch', expect: 'warning', data: burial, row: null, position: 'total', column: '安葬总数', value: null, note: '“殡葬安葬”表合计行的安葬总数比各镇街之和多100' });

  // A value more than half off last year's (an extra zero typed).
  if (ctx.hasPreviousYear) {
    const orgs = find('社会组织');
    const oTown = real[14]!.name;
    const oRow = townRow(orgs, oTown);
    const before = world.townYears[real[14]!.index]![yi - 1]!.orgs;
    oRow.v['社区社会组织数量'] = (oRow.v['社区社会组织数量'] as number) * 10;
    overrides.set(orgs, { quirks: { textNumbers: 0 } });
    pending.push({ rule: 'large_change', expect: 'warning', data: orgs, row: oRow, column: '社区社会组织数量', value: String(oRow.v['社区社会组织数量']), note: `${oTown}社区社会组织数量由上年${before}变为${oRow.v['社区社会组织数量']}（多输一个0）` });
  }

  // Duplicate key: an agency listed again in the supplementary workbook.
  const agencies = find('社会工作服务机构');
  const dupRow = agencies.rows.find((r) => r.v['状态'] === '存续')!;
  pending.push({ rule: 'duplicate_key', expect: 'reject-row', data: agencies, row: dupRow, column: '机构名称', value: dupRow.v['机构名称'] as string, note: `“${dupRow.v['机构名称']}”在社会工作科报表和补报表中各出现一次（两处都拒收）` });

  const entries: DefectEntry[] = [];
  return {
    entries,
    renderOverrides: overrides,
    async writeExtras(dir, env) {
      const resolve = (p: Pending, file: string, r: RenderedSheet) => {
        const row = p.row ? r.rowNumber.get(p.row)! : p.position === 'header' ? r.headerRow : p.position === 'total' ? r.totalRow : p.position === 'title' ? 1 : null;
        entries.push({ file: `${year}/${file}`, sheet: r.name, row, column: p.column, rule: p.rule, expect: p.expect, value: p.value, note: p.note, ...(p.collateral ? { collateral: true } : {}) });
      };
      for (const p of pending) {
        const w = env.written.find((x) => x.data === p.data)!;
        resolve(p, w.file, w.rendered);
      }
      const supplement = supplementSheets(world, year, dupRow);
      const wb = newWorkbook();
      const file = `补报_${year}.xlsx`;
      let rows = 0;
      for (const s of supplement) {
        const rng = createRng(ctx.seed).fork(`defects:${s.data.sheet.name}`);
        const quirks = { ...chooseQuirks(rng, s.data.sheet, s.data.rows.length), ...SIMPLE };
        const r = renderSheet(wb, s.data, {
          year, titleYear: s.titleYear, department: '区民政局各科室（补报）', region: env.region, quirks, rng, aliases: env.aliases,
          dropColumns: s.dropColumns,
        });
        for (const p of s.pending) resolve({ ...p, data: s.data }, file, r);
        rows += s.data.rows.length;
      }
      writeFileSync(join(dir, file), await workbookBytes(wb));
      // Unreadable files.
      const bad: [string, DefectRule, Uint8Array, string][] = [
        [`错误样例_非xlsx文件_${year}.xlsx`, 'not_xlsx', notAZip(year), '实为另存为 .xlsx 扩展名的 CSV 文本，不是 zip 压缩包'],
        [`错误样例_加密文件_${year}.xlsx`, 'encrypted', encryptedLookalike(), '设置了打开密码的工作簿（OLE 复合文档，文件头 D0 CF 11 E0 A1 B1 1A E1）'],
        [`错误样例_文件损坏_${year}.xlsx`, 'corrupt', await truncated(year, env.region), '上传中断的工作簿：只有原文件前 60% 的字节，缺少 zip 中央目录'],
        [`错误样例_压缩炸弹_${year}.xlsx`, 'zip_bomb', zipBomb(), '压缩包内一个 XML 条目解压后超过 300 MiB（重复字节），应在解压前拒收'],
      ];
      for (const [name, rule, bytes, note] of bad) {
        writeFileSync(join(dir, name), bytes);
        entries.push({ file: `${year}/${name}`, sheet: null, row: null, column: null, rule, expect: 'reject-file', value: null, note });
      }
      return { files: 1 + bad.length, sheets: supplement.length, rows };
    },
  };
}

interface Supplement {
  data: SheetRows;
  titleYear?: number;
  dropColumns?: string[];
  pending: Omit<Pending, 'data'>[];
}

/** The supplementary workbook: new rows only (no key collides with the departments' files except the planted duplicate). */
function supplementSheets(world: World, year: number, dupRow: Row): Supplement[] {
  const yi = year - STORY_FIRST_YEAR;
  const spec = (n: string) => SHEET_BY_NAME.get(n)!;
  const one = (name: string, rows: Row[], extra: Partial<Supplement> = {}): Supplement => ({ data: { sheet: spec(name), part: '补报', rows }, pending: [], ...extra });
  const huang = world.towns.find((t) => t.name === '黄村镇')!;
  const taken = new Set(world.communities.filter((c) => c.town === huang).map((c) => c.name));
  const fake = ['幸福家园社区', '幸福里社区', '和谐家园社区', '幸福家园二社区'].find((n) => !taken.has(n))!;
  const hosts = world.communities.filter((c) => existing(c, yi) && c.kind === '社区').slice(0, 2);

  const registry = one('婚姻登记机关', [{ v: { 机关名称: '大兴区婚姻登记处亦庄服务点', 等级: '4A' } }], { dropColumns: ['等级'] });
  registry.pending.push({ rule: 'missing_column', expect: 'reject-sheet', row: null, position: 'header', column: '等级', value: null, note: '“婚姻登记机关”补报表缺少必填列“等级”' });

  const charity = one('慈善服务站点', hosts.map((c) => ({ v: { 站点名称: `${c.name}慈善捐赠工作站`, 镇街: c.town.name, 社区村名称: c.name } })), { titleYear: year - 1 });
  charity.pending.push({ rule: 'year_mismatch', expect: 'reject-sheet', row: null, position: 'title', column: null, value: `${year - 1}年度`, note: `放在 ${year} 年文件夹中的“慈善服务站点”补报表，标题写的是（${year - 1}年度）` });

  const unknownTown: Row = { v: { 设施名称: '新航城街道幸福里社区养老服务驿站', 所在镇街: '北京市大兴区新航城街道', 设施类型: '养老服务驿站', 床位数: 0, 运营状态: '运营' } };
  const badEnum: Row = { v: { 设施名称: '黄村镇康乐养老服务驿站', 所在镇街: '黄村镇', 设施类型: '养老服务驿站', 床位数: 4, 运营状态: '试运营' } };
  const care = one('养老服务设施', [unknownTown, badEnum]);
  care.pending.push(
    { rule: 'unknown_town', expect: 'reject-row', row: unknownTown, column: '所在镇街', value: '北京市大兴区新航城街道', note: '所在镇街“新航城街道”不是大兴区的镇街' },
    { rule: 'enum_value', expect: 'reject-row', row: badEnum, column: '运营状态', value: '试运营', note: '运营状态“试运营”不在 运营/在建/停用 之中' },
  );

  const unknownCommunity: Row = { v: { 站点名称: `${fake}志愿服务站`, 镇街: '黄村镇', 社区村名称: fake } };
  const stations = one('志愿服务站点', [unknownCommunity]);
  stations.pending.push({ rule: 'unknown_community', expect: 'reject-row', row: unknownCommunity, column: '社区村名称', value: fake, note: `黄村镇没有“${fake}”（不在当年社区村名录中）` });

  const nan: Row = { v: { 机构名称: '礼贤镇临时救助点', 所在镇街: '礼贤镇', 床位类型: '临时救助', 床位数: '待核实', 运营状态: '运营' } };
  const formula: Row = { v: { 机构名称: '榆垡镇困难群众照料站', 所在镇街: '榆垡镇', 床位类型: '长期照料', 床位数: { formula: '10+15' }, 运营状态: '运营' } };
  const relief = one('救助床位', [nan, formula]);
  relief.pending.push(
    { rule: 'not_a_number', expect: 'reject-row', row: nan, column: '床位数', value: '待核实', note: '床位数填的是“待核实”，不是数字' },
    { rule: 'formula_without_value', expect: 'reject-row', row: formula, column: '床位数', value: '=10+15', note: '床位数是公式“=10+15”，但文件中没有缓存的计算结果' },
  );

  const negative: Row = { v: { 信托名称: '“邻里守望”慈善信托', 备案年份: year, 财产规模: -5, 状态: '存续' } };
  const trusts = one('慈善信托', [negative]);
  trusts.pending.push({ rule: 'negative', expect: 'reject-row', row: negative, column: '财产规模', value: '-5', note: '财产规模为负数（-5 万元）' });

  const pct: Row = {
    v: {
      任务编号: `RW-${year}-99`, 任务名称: '推进养老服务时间银行试点', 规划章节: '第三部分 一（二）', 牵头单位: '养老服务科',
      目标要求: '在3个镇街开展时间银行试点', 完成时限: `${year}年底`, 进展状态: '推进中', 完成进度: 120, 进展说明: '超额完成试点任务',
    },
  };
  const tasks = one('重点任务台账', [pct]);
  tasks.pending.push({ rule: 'percent_range', expect: 'reject-row', row: pct, column: '完成进度', value: '120', note: '完成进度 120% 超出 0—100' });

  const dup: Row = { v: { ...dupRow.v } };
  const agencies = one('社会工作服务机构', [dup]);
  agencies.pending.push({ rule: 'duplicate_key', expect: 'reject-row', row: dup, column: '机构名称', value: dup.v['机构名称'] as string, note: `与社会工作科报表中的“${dup.v['机构名称']}”重复（两处都拒收）` });

  return [registry, charity, care, stations, relief, trusts, tasks, agencies];
}

/** Writes defects.json and 缺陷说明.md; returns the rules this run could not cover. */
export function writeDefectReport(outDir: string, entries: DefectEntry[]): DefectRule[] {
  const missing = DEFECT_RULES.filter((r) => !entries.some((e) => e.rule === r.id)).map((r) => r.id);
  writeFileSync(join(outDir, 'defects.json'), JSON.stringify(entries, null, 2) + '\n');
  writeFileSync(join(outDir, '缺陷说明.md'), defectMarkdown(entries, missing));
  return missing;
}
