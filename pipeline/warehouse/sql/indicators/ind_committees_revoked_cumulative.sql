-- 实施村（居）委会撤销（调整）：每镇街分子=当年社区村名录中状态为撤销且规划期首年≤撤销年份≤当年的社区村数（个，规划期累计），无分母
create or replace view ind_committees_revoked_cumulative as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'committees_revoked_cumulative'
),
communities as (
  select * from int_community_counts_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'committees_revoked_cumulative' as metric,
    cast(coalesce(communities.revoked_in_plan_period, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(communities.revoked_year_missing, 0) = 0, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join communities on communities.year = towns.year and communities.geo_code = towns.geo_code
)
select * from final;
