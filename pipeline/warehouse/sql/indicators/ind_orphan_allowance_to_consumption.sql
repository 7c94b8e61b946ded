-- 社会散居孤儿供养标准与人均消费支出比值：分子=社会散居孤儿供养标准×12（元/年），分母=居民人均消费支出（元/年），值=分子÷分母；仅全区
create or replace view ind_orphan_allowance_to_consumption as
with years as (
  select year from load_years
),
district as (
  select geo_code from ref_district
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'orphan_allowance_to_consumption'
),
statistics as (
  select * from int_district_statistics
),
final as (
  select
    years.year,
    district.geo_code,
    'district' as geo_level,
    'orphan_allowance_to_consumption' as metric,
    cast(statistics.orphan_allowance_yuan_per_month * 12 as double) as numerator,
    cast(statistics.consumption_per_capita_yuan_per_year as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and statistics.orphan_allowance_yuan_per_month is not null and statistics.consumption_per_capita_yuan_per_year is not null, false) as is_complete
  from years
  cross join district
  join inputs on inputs.year = years.year
  left join statistics on statistics.year = years.year
)
select * from final;
