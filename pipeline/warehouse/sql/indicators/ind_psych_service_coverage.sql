-- 社会心理服务覆盖社区村比例：每镇街分子=有运营中社区村级社会心理服务站点的存续社区村数，分母=存续社区村数，值=分子÷分母×100
create or replace view ind_psych_service_coverage as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'psych_service_coverage'
),
communities as (
  select * from int_community_counts_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'psych_service_coverage' as metric,
    cast(coalesce(communities.communities_with_psych_site, 0) as double) as numerator,
    cast(coalesce(communities.existing_communities, 0) as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join communities on communities.year = towns.year and communities.geo_code = towns.geo_code
)
select * from final;
