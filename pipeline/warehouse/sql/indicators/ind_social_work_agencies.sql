-- 社会工作专业服务机构的来源行：每个存续的社会工作服务机构计入分子 1（家），无分母；无机构的镇街为 0
-- A lost agency row counts unless it says the agency is deregistered.
create or replace view ind_social_work_agencies as
with agencies as (
  select * from stg_social_work_agencies where status = '存续'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社会工作服务机构'
    and coalesce(row_values->>'status' = '存续', true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '社会工作服务机构' as sheet_kind,
    source_file, source_sheet, source_row, agency_name as row_label,
    '状态' as column_name, status as source_value, cast(1 as double) as contribution
  from agencies
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'social_work_agencies' as metric,
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
