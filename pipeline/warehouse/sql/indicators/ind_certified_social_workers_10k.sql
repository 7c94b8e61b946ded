-- 获得社会工作者职业水平证书的专业人才的来源行：每镇街社会工作人才行的其中持证人数计入分子（人），无分母，值=分子÷10000（万人）
-- Each town must have its row (absent or empty: that town is missing).
create or replace view ind_certified_social_workers_10k as
with talent as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.certified_professionals
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
    '其中持证人数' as column_name, cast(certified_professionals as varchar) as source_value, cast(certified_professionals as double) as contribution
  from talent
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'certified_social_workers_10k' as metric,
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
