-- 建成运营街道乡镇养老照料中心数量的来源行：每个运营中的养老照料中心计入分子 1（家），无分母；无设施的镇街为 0
-- A lost facility row counts unless it says it is not operating or not a 养老照料中心.
create or replace view ind_elderly_care_centers as
with facilities as (
  select * from stg_elderly_care_facilities where operating_status = '运营' and facility_type = '养老照料中心'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '养老服务设施'
    and coalesce(row_values->>'operating_status' = '运营', true)
    and coalesce(row_values->>'facility_type' = '养老照料中心', true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '养老服务设施' as sheet_kind,
    source_file, source_sheet, source_row, facility_name as row_label,
    '设施类型' as column_name, facility_type as source_value, cast(1 as double) as contribution
  from facilities
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'elderly_care_centers' as metric,
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
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor
  from lineage
)
select * from final;
