-- 节地生态安葬率的来源行：每镇街殡葬安葬行的节地生态安葬数计入分子、安葬总数计入分母，值=分子÷分母×100
-- Each town must have its row (absent or empty: that town is missing).
create or replace view ind_eco_burial_rate as
with burials as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.eco_burials, s.burials_total
  from int_town_sheet_spine as spine
  left join stg_burials as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '殡葬安葬'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '殡葬安葬'
),
lineage as (
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '殡葬安葬' as sheet_kind, source_file, source_sheet, source_row,
    '节地生态安葬数' as column_name, cast(eco_burials as varchar) as source_value, cast(eco_burials as double) as contribution
  from burials
  union all by name
  select
    year, geo_code, 'denominator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '殡葬安葬' as sheet_kind, source_file, source_sheet, source_row,
    '安葬总数' as column_name, cast(burials_total as varchar) as source_value, cast(burials_total as double) as contribution
  from burials
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'eco_burial_rate' as metric,
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
