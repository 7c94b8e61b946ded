-- 开展精神障碍社区康复服务的街道乡镇占比的来源行：每镇街一行，是否开展计入分子（是 1、否 0），该镇街计入分母 1；全区值=开展的镇街数÷填报的镇街数×100，仅出全区值
-- Each town must have its row (absent: that town is missing, the district counts the others).
create or replace view ind_mental_rehab_town_share as
with rehab as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.has_service
  from int_town_sheet_spine as spine
  left join stg_mental_health_rehab as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '精神障碍社区康复'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '精神障碍社区康复'
),
lineage as (
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '精神障碍社区康复' as sheet_kind, source_file, source_sheet, source_row,
    '是否开展' as column_name, case when has_service then '是' when not has_service then '否' end as source_value, cast(case when has_service then 1 when not has_service then 0 end as double) as contribution
  from rehab
  union all by name
  select
    year, geo_code, 'denominator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '精神障碍社区康复' as sheet_kind, source_file, source_sheet, source_row,
    '镇街' as column_name, geo_code as source_value, cast(case when source_row is not null then 1 end as double) as contribution
  from rehab
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'mental_rehab_town_share' as metric,
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
