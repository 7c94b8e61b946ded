-- 政务服务事项网上办理率的来源行：每个政务服务事项计入分母 1，其中网上可办的计入分子 1，值=分子÷分母×100；仅全区，是否网上可办为空的事项两边都不计、值不完整
-- The sheet has no town column: every row counts for the district. Any lost row changes the
-- denominator.
create or replace view ind_online_service_share as
with district as (
  select geo_code from ref_district
),
services as (
  select stg.*, district.geo_code
  from stg_government_services as stg
  cross join district
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '政务服务事项'
),
lineage as (
  select
    year, geo_code, 'denominator' as role, 'loaded' as row_status, '政务服务事项' as sheet_kind,
    source_file, source_sheet, source_row, service_name as row_label,
    '事项编码' as column_name, service_code as source_value,
    case when is_online is not null then cast(1 as double) end as contribution
  from services
  union all by name
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '政务服务事项' as sheet_kind,
    source_file, source_sheet, source_row, service_name as row_label,
    '是否网上可办' as column_name, case when is_online then '是' end as source_value,
    case when is_online then cast(1 as double) end as contribution
  from services
  where is_online or is_online is null
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'online_service_share' as metric,
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
