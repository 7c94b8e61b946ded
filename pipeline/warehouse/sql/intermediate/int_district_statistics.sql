-- 每年一行的区级统计指标：居民人均消费支出（元/年）、社会散居孤儿供养标准（元/人·月）；未报送或为空时为 NULL
create or replace view int_district_statistics as
with statistics as (
  select * from stg_district_statistics
),
final as (
  select
    year,
    max(statistic_value) filter (where statistic = '居民人均消费支出') as consumption_per_capita_yuan_per_year,
    max(statistic_value) filter (where statistic = '社会散居孤儿供养标准') as orphan_allowance_yuan_per_month
  from statistics
  group by year
)
select * from final;
