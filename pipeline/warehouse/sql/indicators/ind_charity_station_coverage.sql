-- 基层慈善服务站点对社区覆盖率：每镇街分子=有慈善服务站点的存续社区村数，分母=存续社区村数，值=分子÷分母×100
create or replace view ind_charity_station_coverage as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'charity_station_coverage'
),
communities as (
  select * from int_community_counts_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'charity_station_coverage' as metric,
    cast(coalesce(communities.communities_with_charity_station, 0) as double) as numerator,
    cast(coalesce(communities.existing_communities, 0) as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join communities on communities.year = towns.year and communities.geo_code = towns.geo_code
)
select * from final;
