-- 街镇级社会组织联合会覆盖率：每镇街分子=是否成立街镇级社会组织联合会（1/0），分母=1；全区值=成立的镇街数÷镇街总数×100，仅出全区值
create or replace view ind_social_org_federation_town_share as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'social_org_federation_town_share'
),
organizations as (
  select * from stg_social_organizations
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'social_org_federation_town_share' as metric,
    cast(case when organizations.has_federation then 1 when not organizations.has_federation then 0 end as double) as numerator,
    cast(1 as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and organizations.has_federation is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join organizations on organizations.year = towns.year and organizations.geo_code = towns.geo_code
)
select * from final;
