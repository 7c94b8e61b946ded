-- 建成运营社区养老服务驿站：每镇街分子=运营中的养老服务驿站数（家），无分母；无设施的镇街为 0
create or replace view ind_elderly_service_stations as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'elderly_service_stations'
),
facilities as (
  select * from int_elderly_facilities_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'elderly_service_stations' as metric,
    cast(coalesce(facilities.service_stations, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join facilities on facilities.year = towns.year and facilities.geo_code = towns.geo_code
)
select * from final;
