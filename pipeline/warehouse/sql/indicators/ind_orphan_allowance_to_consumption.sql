-- 社会散居孤儿供养标准与人均消费支出比值的来源行：区级统计指标中社会散居孤儿供养标准×12（元/年）计入分子，居民人均消费支出（元/年）计入分母，值=分子÷分母；仅全区
-- Both statistics are required (absent or empty: the value is missing).
create or replace view ind_orphan_allowance_to_consumption as
with district as (
  select geo_code from ref_district
),
wanted as (
  select * from (values
    ('社会散居孤儿供养标准', 'numerator', 12),
    ('居民人均消费支出', 'denominator', 1)
  ) as t(statistic, role, factor)
),
statistics as (
  select
    sheet_years.year, district.geo_code, wanted.statistic, wanted.role, wanted.factor,
    s.source_file, s.source_sheet, s.source_row, s.statistic_value
  from int_sheet_years as sheet_years
  cross join district
  cross join wanted
  left join stg_district_statistics as s on s.year = sheet_years.year and s.statistic = wanted.statistic
  where sheet_years.sheet_kind = '区级统计指标' and sheet_years.is_delivered
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '区级统计指标'
),
lineage as (
  select
    year, geo_code, role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '区级统计指标' as sheet_kind, source_file, source_sheet, source_row, statistic as row_label,
    -- a consumption of 0 is no consumption (the 17th attack: 0 had left the ratio without a value, 无法评估,
    -- yet complete): counted as empty, the district's value missing and incomplete, as a population of 0
    '数值' as column_name, cast(statistic_value as varchar) as source_value,
    cast(case when role = 'denominator' then nullif(statistic_value, 0) else statistic_value end * factor as double) as contribution
  from statistics
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'orphan_allowance_to_consumption' as metric,
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
