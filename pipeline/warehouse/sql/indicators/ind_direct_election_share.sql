-- 社区居民委员会直接选举和户代表选举比例：每镇街分子=存续社区中直接选举或户代表选举的社区数，分母=存续社区数（不含村），值=分子÷分母×100
create or replace view ind_direct_election_share as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'direct_election_share'
),
communities as (
  select * from int_community_counts_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'direct_election_share' as metric,
    cast(coalesce(communities.urban_communities_direct_election, 0) as double) as numerator,
    cast(coalesce(communities.urban_communities, 0) as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(communities.urban_communities_election_missing, 0) = 0, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join communities on communities.year = towns.year and communities.geo_code = towns.geo_code
)
select * from final;
