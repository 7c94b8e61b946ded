-- 社区书记工作室示范点的来源行：每个是书记工作室示范点的存续社区村计入分子 1（个），无分母；示范点一栏为空的存续社区村使值不完整
-- A lost roster row counts unless it says the community is revoked or not a 示范点.
create or replace view ind_secretary_studio_demo_sites as
with communities as (
  select * from stg_communities
  where status = '存续' and (is_secretary_studio or is_secretary_studio is null)
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社区村名录'
    and coalesce(row_values->>'status' = '存续', true)
    and coalesce(row_values->>'is_secretary_studio' = 'true', true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '社区村名录' as sheet_kind,
    source_file, source_sheet, source_row, community_name as row_label,
    '书记工作室示范点' as column_name, case when is_secretary_studio then '是' end as source_value,
    case when is_secretary_studio then cast(1 as double) end as contribution
  from communities
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'secretary_studio_demo_sites' as metric,
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
