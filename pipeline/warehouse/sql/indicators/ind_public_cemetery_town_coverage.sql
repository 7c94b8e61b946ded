-- 公益性公墓乡镇服务覆盖率的来源行：每个镇（街道不计）一行，是否覆盖计入分子（是 1、否 0），该镇计入分母 1；全区值=覆盖的镇数÷填报的镇数×100，仅出全区值
-- Each 镇 must have its row (absent: that 镇 is missing, the district counts the others).
create or replace view ind_public_cemetery_town_coverage as
with coverage as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.is_covered
  from int_town_sheet_spine as spine
  left join stg_public_cemetery_coverage as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '公益性公墓覆盖'
),
rejected as (
  -- a rejected row of a 街道 cannot count (街道不计): it makes nothing incomplete (the 14th attack)
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '公益性公墓覆盖'
    and (geo_code is null or geo_code not in (select geo_code from ref_towns where geo_type = '街道'))
),
lineage as (
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '公益性公墓覆盖' as sheet_kind, source_file, source_sheet, source_row,
    '是否覆盖' as column_name, case when is_covered then '是' when not is_covered then '否' end as source_value, cast(case when is_covered then 1 when not is_covered then 0 end as double) as contribution
  from coverage
  union all by name
  select
    year, geo_code, 'denominator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '公益性公墓覆盖' as sheet_kind, source_file, source_sheet, source_row,
    '镇' as column_name, geo_code as source_value, cast(case when source_row is not null then 1 end as double) as contribution
  from coverage
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'public_cemetery_town_coverage' as metric,
    geo_code,
    role,
    row_status,
    coalesce(is_required, false) as is_required,
    sheet_kind,
    source_file,
    source_sheet,
    source_row,
    row_label,
    column_name,
    source_value,
    contribution,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor
  from lineage
)
select * from final;
