-- 开展精神障碍社区康复服务的街道乡镇占比：每镇街分子=是否开展（1/0），分母=1；全区值=开展的镇街数÷镇街总数×100，仅出全区值
create or replace view ind_mental_rehab_town_share as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'mental_rehab_town_share'
),
rehab as (
  select * from stg_mental_health_rehab
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'mental_rehab_town_share' as metric,
    cast(case when rehab.has_service then 1 when not rehab.has_service then 0 end as double) as numerator,
    cast(1 as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and rehab.has_service is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join rehab on rehab.year = towns.year and rehab.geo_code = towns.geo_code
)
select * from final;
