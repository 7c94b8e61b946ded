-- 每千名常住人口养老床位数的来源行：运营中养老服务设施（各类）的床位数和每镇街的家庭照护床位数计入分子（张），常住人口计入分母，值=分子÷分母×1000
-- A population of 0 (warned zero_count: 记为缺失) is no population: its cell counts as empty, so the town is missing and
-- the district computed without it and marked incomplete, as for a “—” (the 14th attack: a 0 had kept the town's beds over the others' people, complete).
-- Facility rows may be many or none (a NULL 床位数 makes the value incomplete); the town's
-- 居家养老 and 人口基础数据 rows are required (absent or empty: that town is missing). A lost facility
-- row counts unless it says it is not operating or has 0 beds.
create or replace view ind_elderly_beds_per_1000_residents as
with facilities as (
  select * from stg_elderly_care_facilities where operating_status = '运营'
),
home_care as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.family_care_beds
  from int_town_sheet_spine as spine
  left join stg_home_elderly_care as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '居家养老'
),
population as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.resident_population
  from int_town_sheet_spine as spine
  left join stg_population as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '人口基础数据'
),
rejected_facilities as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '养老服务设施'
    and coalesce(row_values->>'operating_status' = '运营', true)
    and coalesce(cast(row_values->>'beds' as double) <> 0, true)
),
rejected_towns as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind in ('居家养老', '人口基础数据')
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '养老服务设施' as sheet_kind,
    source_file, source_sheet, source_row, facility_name as row_label,
    '床位数' as column_name, cast(beds as varchar) as source_value, cast(beds as double) as contribution
  from facilities
  union all by name
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '居家养老' as sheet_kind, source_file, source_sheet, source_row,
    '家庭照护床位数' as column_name, cast(family_care_beds as varchar) as source_value, cast(family_care_beds as double) as contribution
  from home_care
  union all by name
  select
    year, geo_code, 'denominator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '人口基础数据' as sheet_kind, source_file, source_sheet, source_row,
    '常住人口' as column_name, cast(resident_population as varchar) as source_value, cast(nullif(resident_population, 0) as double) as contribution
  from population
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected_facilities
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected_towns
),
final as (
  select
    year,
    'elderly_beds_per_1000_residents' as metric,
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
    cast(1000 as double) as multiplier,
    cast(1 as double) as divisor
  from lineage
)
select * from final;
