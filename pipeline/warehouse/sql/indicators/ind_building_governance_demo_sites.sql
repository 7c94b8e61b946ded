-- 城乡社区楼门院治理示范点的来源行：每个存续社区村的楼门院治理示范点数计入分子（个），无分母；该数为空的存续社区村使值不完整
-- A lost roster row counts unless it says the community is revoked or has no 示范点.
create or replace view ind_building_governance_demo_sites as
with communities as (
  select * from stg_communities where status = '存续'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社区村名录'
    and coalesce(row_values->>'status' = '存续', true)
    and coalesce(cast(row_values->>'building_governance_sites' as double) <> 0, true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '社区村名录' as sheet_kind,
    source_file, source_sheet, source_row, community_name as row_label,
    '楼门院治理示范点数' as column_name, cast(building_governance_sites as varchar) as source_value,
    cast(building_governance_sites as double) as contribution
  from communities
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'building_governance_demo_sites' as metric,
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
