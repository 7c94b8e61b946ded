-- 万名老年人拥有养老护理员数：每镇街分子=养老护理员人数，分母=60岁及以上常住人口，值=分子÷分母×10000
create or replace view ind_carers_per_10000_elderly as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'carers_per_10000_elderly'
),
home_care as (
  select * from stg_home_elderly_care
),
population as (
  select * from stg_population
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'carers_per_10000_elderly' as metric,
    cast(home_care.care_workers as double) as numerator,
    cast(population.residents_60_plus as double) as denominator,
    cast(10000 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and home_care.care_workers is not null and population.residents_60_plus is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join home_care on home_care.year = towns.year and home_care.geo_code = towns.geo_code
  left join population on population.year = towns.year and population.geo_code = towns.geo_code
)
select * from final;
