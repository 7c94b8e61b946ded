-- 有集中供养需求的特困对象集中供养率的来源行：每镇街特困人员供养行的已集中供养人数计入分子、有集中供养需求人数计入分母，值=分子÷分母×100
-- Each town must have its row (absent or empty: that town is missing).
create or replace view ind_concentrated_support_rate as
with support as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.institutionally_cared, s.needing_institutional_care
  from int_town_sheet_spine as spine
  left join stg_extreme_poverty_support as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '特困人员供养'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '特困人员供养'
),
lineage as (
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '特困人员供养' as sheet_kind, source_file, source_sheet, source_row,
    '已集中供养人数' as column_name, cast(institutionally_cared as varchar) as source_value, cast(institutionally_cared as double) as contribution
  from support
  union all by name
  select
    year, geo_code, 'denominator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '特困人员供养' as sheet_kind, source_file, source_sheet, source_row,
    '有集中供养需求人数' as column_name, cast(needing_institutional_care as varchar) as source_value, cast(needing_institutional_care as double) as contribution
  from support
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'concentrated_support_rate' as metric,
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
