-- 社区书记工作室示范点：每镇街分子=存续社区村中的书记工作室示范点数（个），无分母；无社区村的镇街为 0
create or replace view ind_secretary_studio_demo_sites as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'secretary_studio_demo_sites'
),
communities as (
  select * from int_community_counts_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'secretary_studio_demo_sites' as metric,
    cast(coalesce(communities.secretary_studio_sites, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(communities.secretary_studio_missing, 0) = 0, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join communities on communities.year = towns.year and communities.geo_code = towns.geo_code
)
select * from final;
