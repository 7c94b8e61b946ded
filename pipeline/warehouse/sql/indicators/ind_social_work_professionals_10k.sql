-- 社会工作专业人才总量的来源行：每镇街社会工作人才行的社会工作专业人才数计入分子（人），无分母，值=分子÷10000（万人）
-- Each town must have its row (absent or empty: that town is missing).
create or replace view ind_social_work_professionals_10k as
with talent as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.social_work_professionals
  from int_town_sheet_spine as spine
  left join stg_social_work_talent as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '社会工作人才'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社会工作人才'
),
lineage as (
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '社会工作人才' as sheet_kind, source_file, source_sheet, source_row,
    '社会工作专业人才数' as column_name, cast(social_work_professionals as varchar) as source_value, cast(social_work_professionals as double) as contribution
  from talent
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'social_work_professionals_10k' as metric,
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
    cast(10000 as double) as divisor
  from lineage
)
select * from final;
