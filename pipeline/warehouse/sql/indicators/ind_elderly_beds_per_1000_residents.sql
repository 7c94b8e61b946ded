-- 每千名常住人口养老床位数：每镇街分子=运营中养老服务设施床位数（各类设施）+家庭照护床位数（张），分母=常住人口，值=分子÷分母×1000
create or replace view ind_elderly_beds_per_1000_residents as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'elderly_beds_per_1000_residents'
),
facilities as (
  select * from int_elderly_facilities_by_town
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
    'elderly_beds_per_1000_residents' as metric,
    cast(coalesce(facilities.operating_beds, 0) + home_care.family_care_beds as double) as numerator,
    cast(population.resident_population as double) as denominator,
    cast(1000 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(facilities.operating_beds_missing, 0) = 0
      and home_care.family_care_beds is not null
      and population.resident_population is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join facilities on facilities.year = towns.year and facilities.geo_code = towns.geo_code
  left join home_care on home_care.year = towns.year and home_care.geo_code = towns.geo_code
  left join population on population.year = towns.year and population.geo_code = towns.geo_code
)
select * from final;
