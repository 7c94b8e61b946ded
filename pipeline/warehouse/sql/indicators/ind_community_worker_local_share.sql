-- 社区工作者本社区化率的来源行：每个存续社区村的其中本社区居住人数计入分子、社区工作者人数计入分母，值=分子÷分母×100；两数有一个为空的社区村两边都不计、值不完整
-- A lost roster row counts unless it says the community is revoked.
create or replace view ind_community_worker_local_share as
with communities as (
  select *, community_workers is not null and workers_living_locally is not null as is_known
  from stg_communities where status = '存续'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社区村名录'
    and coalesce(row_values->>'status' = '存续', true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '社区村名录' as sheet_kind,
    source_file, source_sheet, source_row, community_name as row_label,
    '其中本社区居住人数' as column_name, cast(workers_living_locally as varchar) as source_value,
    case when is_known then cast(workers_living_locally as double) end as contribution
  from communities
  union all by name
  select
    year, geo_code, 'denominator' as role, 'loaded' as row_status, '社区村名录' as sheet_kind,
    source_file, source_sheet, source_row, community_name as row_label,
    '社区工作者人数' as column_name, cast(community_workers as varchar) as source_value,
    case when is_known then cast(community_workers as double) end as contribution
  from communities
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'community_worker_local_share' as metric,
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
