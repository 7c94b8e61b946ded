-- 有集中供养需求的特困对象集中供养率：每镇街分子=已集中供养人数，分母=有集中供养需求人数，值=分子÷分母×100
create or replace view ind_concentrated_support_rate as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'concentrated_support_rate'
),
support as (
  select * from stg_extreme_poverty_support
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'concentrated_support_rate' as metric,
    cast(support.institutionally_cared as double) as numerator,
    cast(support.needing_institutional_care as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and support.institutionally_cared is not null and support.needing_institutional_care is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join support on support.year = towns.year and support.geo_code = towns.geo_code
)
select * from final;
