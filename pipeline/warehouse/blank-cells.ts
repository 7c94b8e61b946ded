/**
 * Cells left empty that an indicator needs: a loaded row that counts in some indicator's
 * numerator or denominator with no value in the column it is read from (a blank 床位数 of an
 * operating facility). Reading cannot tell them: a revoked community's counts are blank by
 * right, and only the metric models know which rows count. The build and `check` say them
 * as warnings after the models ran, naming the cell and what it leaves incomplete or missing,
 * so that neither says 全部数据可以载入 of a workbook whose figures will be marked 数据不全.
 */
import type { DuckDBConnection } from '@duckdb/node-api';
import type { InputData } from '../ingest/read-inputs.ts';
import type { Warning } from '../ingest/records.ts';
import type { Geography } from '../plan/geography.ts';
import type { Plan } from '../plan/plan.ts';
import { recordLoadSheets, recordLoadYears, recordMissingTypes, recordRejects, recordVanishedRows } from './load.ts';
import { runModels } from './models.ts';

/** One empty cell and the indicators it was to count in, in its year and place. */
export interface BlankCell {
  year: number;
  file: string;
  sheet: string;
  row: number;
  /** Contract column name. */
  column: string;
  /** Where it counts: a town code, or the district code for a sheet without a town column. */
  geoCode: string;
  /** Indicators whose value for that place goes missing without it (a town-level row, a district statistic). */
  requiredBy: number[];
  /** Indicators whose value it leaves incomplete (computed from the other rows). */
  countedIn: number[];
}

/**
 * The empty cells of `relation`: `indicator_lineage`, or (where it is not built) the metric
 * models' rows with their indicator ids (`metricRowsRelation`), by file, sheet, row, column.
 */
export async function readBlankCells(conn: DuckDBConnection, relation = 'indicator_lineage'): Promise<BlankCell[]> {
  const reader = await conn.runAndReadAll(`
    select year, source_file, source_sheet, source_row, column_name, geo_code,
      list(distinct indicator_id order by indicator_id) filter (where is_required) as required_by,
      list(distinct indicator_id order by indicator_id) filter (where not is_required) as counted_in
    from ${relation}
    -- the cell itself empty: a community's 其中本社区居住人数 counts nothing when its 社区工作者人数 is
    -- blank, and was said to be blank too (the attack: one empty cell, two warnings)
    where row_status = 'loaded' and contribution is null and source_row is not null and nullif(trim(source_value), '') is null
    group by all
    order by source_file, source_sheet, source_row, column_name, geo_code`);
  const ids = (v: unknown): number[] => (Array.isArray(v) ? v.map(Number) : []);
  return (reader.getRowObjectsJS() as Record<string, unknown>[]).map((r) => {
    const requiredBy = ids(r.required_by);
    return {
      year: Number(r.year),
      file: String(r.source_file),
      sheet: String(r.source_sheet),
      row: Number(r.source_row),
      column: String(r.column_name),
      geoCode: String(r.geo_code),
      requiredBy,
      countedIn: ids(r.counted_in).filter((id) => !requiredBy.includes(id)),
    };
  });
}

/**
 * The metric models' rows with their indicator ids, as `indicator_lineage` has them, from the
 * views `names` (`ind_<metric>`): for `check`, which does not build the lineage table.
 */
export function metricRowsRelation(names: readonly string[]): string {
  const rows = names.map((n) => `select * from ${n}`).join(' union all by name ');
  return `(select i.indicator_id, m.* from (${rows}) as m join ref_indicators as i on i.metric = m.metric)`;
}

/** The warnings for `cells`, one per cell, in their order. */
export function blankCellWarnings(cells: readonly BlankCell[], plan: Plan, geography: Geography): Warning[] {
  const named = (list: readonly number[]) => list.map((id) => `“${plan.indicatorById.get(id)?.name ?? `指标${id}`}”`).join('');
  // an indicator the plan measures for the district only has no town value to go missing
  // (每万人户籍儿童机构床位数: a town's blank makes the district's incomplete)
  const ofTowns = (id: number) => plan.indicatorById.get(id)?.level === 'DT';
  return cells.map((c) => {
    const effects: string[] = [];
    const partial: string[] = [];
    if (c.geoCode === geography.district.code) {
      // a district statistic (or a sheet without a town column): the district's own value
      if (c.requiredBy.length) effects.push(`${c.year} 年全区的${named(c.requiredBy)}因此缺失（无法评估）`);
      if (c.countedIn.length) partial.push(`全区的${named(c.countedIn)}`);
    } else {
      // a town's row: its own values go missing or are partial, the district's are partial
      const place = geography.byCode.get(c.geoCode)?.name ?? c.geoCode;
      const townMissing = c.requiredBy.filter(ofTowns);
      const townPartial = c.countedIn.filter(ofTowns);
      const districtPartial = [...c.requiredBy, ...c.countedIn].filter((id) => !ofTowns(id));
      if (townMissing.length) effects.push(`${c.year} 年${place}的${named(townMissing)}因此缺失（无法评估），全区数值标为数据不全`);
      if (townPartial.length) partial.push(`${place}和全区的${named(townPartial)}`);
      if (districtPartial.length) partial.push(`全区的${named(districtPartial)}`);
    }
    if (partial.length) effects.push(`${c.year} 年${partial.join('、')}只按其余数据计算，标为数据不全`);
    return {
      file: c.file,
      sheet: c.sheet,
      row: c.row,
      column: c.column,
      value: '',
      rule: 'blank_value',
      // 未填数值: an empty cell, or one holding a mark for none (—, /, 无), read as missing alike
      message: `文件“${c.file}”工作表“${c.sheet}”第 ${c.row} 行“${c.column}”列未填数值：${effects.join('；')}。如有数值，请补填`,
    };
  });
}

/**
 * The blank-cell warnings of a warehouse whose rows are appended and committed, before any
 * model ran: what the models read besides the rows recorded (years, sheets, rejects), the
 * metric models' views run (not the lineage table, a build's slowest step: their rows are
 * enough) and their empty cells read. For `check`, and for a build that stops on rejects,
 * which lists every problem at once (data-contract §4) though it makes no indicator.
 */
export async function blankCellsBeforeModels(conn: DuckDBConnection, years: readonly number[], data: InputData, plan: Plan, geography: Geography): Promise<Warning[]> {
  await recordLoadYears(conn, years);
  await recordLoadSheets(conn, data.report);
  await recordMissingTypes(conn, data.missingTypes);
  await recordVanishedRows(conn, data.warnings);
  await recordRejects(conn, data.rejects, data.report, geography);
  await runModels(conn, 'staging');
  await runModels(conn, 'intermediate');
  const views = await runModels(conn, 'indicators', undefined, (m) => m.kind === 'view');
  return blankCellWarnings(await readBlankCells(conn, metricRowsRelation(views.map((m) => m.name))), plan, geography);
}
