-- 区级精神卫生福利床位数：每镇街（机构所在地）分子=运营中区级精神卫生福利机构床位数（张），无分母；仅出全区值
create or replace view ind_district_mental_health_beds as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'district_mental_health_beds'
),
institutions as (
  select * from int_welfare_institutions_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'district_mental_health_beds' as metric,
    cast(coalesce(institutions.district_mental_health_beds, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(institutions.district_mental_health_beds_missing, 0) = 0, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join institutions on institutions.year = towns.year and institutions.geo_code = towns.geo_code
)
select * from final;
