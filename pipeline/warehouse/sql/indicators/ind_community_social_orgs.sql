-- 全区社区社会组织数量：每镇街分子=社区社会组织数量（家），无分母
create or replace view ind_community_social_orgs as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'community_social_orgs'
),
organizations as (
  select * from stg_social_organizations
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'community_social_orgs' as metric,
    cast(organizations.community_social_orgs as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and organizations.community_social_orgs is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join organizations on organizations.year = towns.year and organizations.geo_code = towns.geo_code
)
select * from final;
