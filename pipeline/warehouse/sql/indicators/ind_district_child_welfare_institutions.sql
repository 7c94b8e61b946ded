-- 区级儿童福利机构数量：每镇街（机构所在地）分子=运营中的区级儿童福利机构数（所），无分母；仅出全区值
create or replace view ind_district_child_welfare_institutions as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'district_child_welfare_institutions'
),
institutions as (
  select * from int_welfare_institutions_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'district_child_welfare_institutions' as metric,
    cast(coalesce(institutions.district_child_welfare_institutions, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join institutions on institutions.year = towns.year and institutions.geo_code = towns.geo_code
)
select * from final;
