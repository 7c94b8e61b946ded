-- 建成社会心理服务中心/站数量：每镇街分子=运营中的区级、镇街级社会心理服务中心/站数（个），无分母；无站点的镇街为 0
create or replace view ind_psych_service_centers as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'psych_service_centers'
),
sites as (
  select * from int_psych_sites_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'psych_service_centers' as metric,
    cast(coalesce(sites.operating_centers, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join sites on sites.year = towns.year and sites.geo_code = towns.geo_code
)
select * from final;
