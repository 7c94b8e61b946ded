-- 千人养老机构床位数的来源行：运营中养老机构的床位数计入分子（张），每镇街常住人口计入分母，值=分子÷分母×1000
-- A population of 0 (warned zero_count: 记为缺失) is no population: its cell counts as empty, so the town is missing and
-- the district computed without it and marked incomplete, as for a “—” (the 14th attack: a 0 had kept the town's beds over the others' people, complete).
-- A lost facility row counts unless it says it is not operating, not a 养老机构 or has 0 beds.
create or replace view ind_institution_beds_per_1000_residents as
with facilities as (
  select * from stg_elderly_care_facilities where operating_status = '运营' and facility_type = '养老机构'
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
    and coalesce(row_values->>'facility_type' = '养老机构', true)
    and coalesce(cast(row_values->>'beds' as double) <> 0, true)
),
rejected_towns as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '人口基础数据'
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '养老服务设施' as sheet_kind,
    source_file, source_sheet, source_row, facility_name as row_label,
    '床位数' as column_name, cast(beds as varchar) as source_value, cast(beds as double) as contribution
  from facilities
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
    'institution_beds_per_1000_residents' as metric,
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
