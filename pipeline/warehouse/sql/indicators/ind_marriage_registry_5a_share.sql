-- 5A级婚姻登记机关比例的来源行：每个婚姻登记机关计入分母 1，其中5A级的计入分子 1，值=分子÷分母×100；仅全区
-- The sheet has no town column: every row counts for the district. Any lost row changes the
-- denominator.
create or replace view ind_marriage_registry_5a_share as
with district as (
  select geo_code from ref_district
),
registries as (
  select stg.*, district.geo_code
  from stg_marriage_registries as stg
  cross join district
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '婚姻登记机关'
),
lineage as (
  select
    year, geo_code, 'denominator' as role, 'loaded' as row_status, '婚姻登记机关' as sheet_kind,
    source_file, source_sheet, source_row, registry_name as row_label,
    '等级' as column_name, grade as source_value, cast(1 as double) as contribution
  from registries
  union all by name
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '婚姻登记机关' as sheet_kind,
    source_file, source_sheet, source_row, registry_name as row_label,
    '等级' as column_name, grade as source_value, cast(1 as double) as contribution
  from registries
  where grade = '5A'
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'marriage_registry_5a_share' as metric,
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
