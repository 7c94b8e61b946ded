-- 社区居民委员会直接选举和户代表选举比例的来源行：每个存续社区（不含村）计入分母 1，其中直接选举或户代表选举的计入分子 1，值=分子÷分母×100；选举方式为空的社区两边都不计、值不完整
-- A lost roster row counts unless it says the community is revoked or a village.
create or replace view ind_direct_election_share as
with communities as (
  select * from stg_communities where status = '存续' and community_type = '社区'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社区村名录'
    and coalesce(row_values->>'status' = '存续', true)
    and coalesce(row_values->>'community_type' = '社区', true)
),
lineage as (
  select
    year, geo_code, 'denominator' as role, 'loaded' as row_status, '社区村名录' as sheet_kind,
    source_file, source_sheet, source_row, community_name as row_label,
    '类型' as column_name, community_type as source_value,
    case when election_method is not null then cast(1 as double) end as contribution
  from communities
  union all by name
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '社区村名录' as sheet_kind,
    source_file, source_sheet, source_row, community_name as row_label,
    '选举方式' as column_name, election_method as source_value,
    case when election_method in ('直接选举', '户代表选举') then cast(1 as double) end as contribution
  from communities
  where election_method in ('直接选举', '户代表选举') or election_method is null
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'direct_election_share' as metric,
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
