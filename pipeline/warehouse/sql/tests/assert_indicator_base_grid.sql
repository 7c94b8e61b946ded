-- indicator_base 覆盖规划的每个指标和每个年度：全区恰好一行；DT 指标每个镇街恰好一行（公墓覆盖率等 D 指标无镇街行）
with years as (
  select year from load_years
),
indicators as (
  select indicator_id, level from ref_indicators
),
towns as (
  select geo_code from ref_towns
),
expected as (
  select years.year, district.geo_code, indicators.indicator_id
  from years cross join indicators cross join ref_district as district
  union all
  select years.year, towns.geo_code, indicators.indicator_id
  from years cross join indicators cross join towns
  where indicators.level = 'DT'
),
actual as (
  select year, geo_code, indicator_id, count(*) as copies from indicator_base group by all
),
final as (
  select coalesce(e.year, a.year) as year, coalesce(e.geo_code, a.geo_code) as geo_code,
    coalesce(e.indicator_id, a.indicator_id) as indicator_id, coalesce(a.copies, 0) as copies,
    e.year is not null as expected
  from expected as e
  full outer join actual as a
    on a.year = e.year and a.geo_code = e.geo_code and a.indicator_id = e.indicator_id
  where e.year is null or a.year is null or a.copies <> 1
)
select * from final;
