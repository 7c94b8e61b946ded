-- 节地生态安葬率：每镇街分子=节地生态安葬数，分母=安葬总数，值=分子÷分母×100
create or replace view ind_eco_burial_rate as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'eco_burial_rate'
),
burials as (
  select * from stg_burials
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'eco_burial_rate' as metric,
    cast(burials.eco_burials as double) as numerator,
    cast(burials.burials_total as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and burials.eco_burials is not null and burials.burials_total is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join burials on burials.year = towns.year and burials.geo_code = towns.geo_code
)
select * from final;
