-- 实名注册志愿者占常住人口的比例的来源行：每镇街志愿服务行的实名注册志愿者人数计入分子，人口基础数据的常住人口计入分母，值=分子÷分母×100
-- A population of 0 (warned zero_count: 记为缺失) is no population: its cell counts as empty, so the town is missing and
-- the district computed without it and marked incomplete, as for a “—” (the 14th attack: a 0 had kept the town's beds over the others' people, complete).
-- Both rows of a town are required (absent or empty: that town is missing).
create or replace view ind_registered_volunteer_share as
with volunteers as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.registered_volunteers
  from int_town_sheet_spine as spine
  left join stg_volunteers as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '志愿服务'
),
population as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.resident_population
  from int_town_sheet_spine as spine
  left join stg_population as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '人口基础数据'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind in ('志愿服务', '人口基础数据')
),
lineage as (
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '志愿服务' as sheet_kind, source_file, source_sheet, source_row,
    '实名注册志愿者人数' as column_name, cast(registered_volunteers as varchar) as source_value, cast(registered_volunteers as double) as contribution
  from volunteers
  union all by name
  select
    year, geo_code, 'denominator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '人口基础数据' as sheet_kind, source_file, source_sheet, source_row,
    '常住人口' as column_name, cast(resident_population as varchar) as source_value, cast(nullif(resident_population, 0) as double) as contribution
  from population
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'registered_volunteer_share' as metric,
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
