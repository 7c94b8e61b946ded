-- 社会工作专业服务机构：每镇街分子=存续的社会工作服务机构数（家），无分母；无机构的镇街为 0
create or replace view ind_social_work_agencies as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'social_work_agencies'
),
agencies as (
  select * from int_social_work_agencies_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'social_work_agencies' as metric,
    cast(coalesce(agencies.active_agencies, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join agencies on agencies.year = towns.year and agencies.geo_code = towns.geo_code
)
select * from final;
