-- 实名注册志愿者占常住人口的比例：每镇街分子=实名注册志愿者人数，分母=常住人口，值=分子÷分母×100
create or replace view ind_registered_volunteer_share as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'registered_volunteer_share'
),
volunteers as (
  select * from stg_volunteers
),
population as (
  select * from stg_population
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'registered_volunteer_share' as metric,
    cast(volunteers.registered_volunteers as double) as numerator,
    cast(population.resident_population as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and volunteers.registered_volunteers is not null and population.resident_population is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join volunteers on volunteers.year = towns.year and volunteers.geo_code = towns.geo_code
  left join population on population.year = towns.year and population.geo_code = towns.geo_code
)
select * from final;
