-- 建成社会心理服务中心/站数量的来源行：每个运营中的区级、镇街级社会心理服务中心/站计入分子 1（个），无分母；无站点的镇街为 0
-- A lost site row counts unless it says it is not operating or 社区村级.
create or replace view ind_psych_service_centers as
with sites as (
  select * from stg_psych_service_sites where operating_status = '运营' and site_level in ('区级', '镇街级')
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社会心理服务站点'
    and coalesce(row_values->>'operating_status' = '运营', true)
    and coalesce(row_values->>'site_level' in ('区级', '镇街级'), true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '社会心理服务站点' as sheet_kind,
    source_file, source_sheet, source_row, site_name as row_label,
    '级别' as column_name, site_level as source_value, cast(1 as double) as contribution
  from sites
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'psych_service_centers' as metric,
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
