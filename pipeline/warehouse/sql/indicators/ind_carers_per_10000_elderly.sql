-- 万名老年人拥有养老护理员数的来源行：每镇街居家养老行的养老护理员人数计入分子，人口基础数据的60岁及以上常住人口计入分母，值=分子÷分母×10000
-- A population of 0 (warned zero_count: 记为缺失) is no population: its cell counts as empty, so the town is missing and
-- the district computed without it and marked incomplete, as for a “—” (the 14th attack: a 0 had kept the town's beds over the others' people, complete).
-- Both rows of a town are required (absent or empty: that town is missing).
create or replace view ind_carers_per_10000_elderly as
with home_care as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.care_workers
  from int_town_sheet_spine as spine
  left join stg_home_elderly_care as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '居家养老'
),
population as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.residents_60_plus
  from int_town_sheet_spine as spine
  left join stg_population as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '人口基础数据'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind in ('居家养老', '人口基础数据')
),
lineage as (
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '居家养老' as sheet_kind, source_file, source_sheet, source_row,
    '养老护理员人数' as column_name, cast(care_workers as varchar) as source_value, cast(care_workers as double) as contribution
  from home_care
  union all by name
  select
    year, geo_code, 'denominator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '人口基础数据' as sheet_kind, source_file, source_sheet, source_row,
    '60岁及以上常住人口' as column_name, cast(residents_60_plus as varchar) as source_value, cast(nullif(residents_60_plus, 0) as double) as contribution
  from population
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'carers_per_10000_elderly' as metric,
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
    cast(10000 as double) as multiplier,
    cast(1 as double) as divisor
  from lineage
)
select * from final;
