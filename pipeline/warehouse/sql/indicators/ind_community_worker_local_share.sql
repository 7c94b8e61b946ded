-- 社区工作者本社区化率：每镇街分子=存续社区村中本社区居住的社区工作者人数之和，分母=社区工作者人数之和，值=分子÷分母×100
create or replace view ind_community_worker_local_share as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'community_worker_local_share'
),
communities as (
  select * from int_community_counts_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'community_worker_local_share' as metric,
    cast(coalesce(communities.workers_living_locally, 0) as double) as numerator,
    cast(coalesce(communities.community_workers, 0) as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(communities.community_workers_missing, 0) = 0, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join communities on communities.year = towns.year and communities.geo_code = towns.geo_code
)
select * from final;
