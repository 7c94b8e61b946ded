-- 临时救助和长期照料总床位数：每镇街分子=运营中救助机构（两类床位）床位数之和（张），无分母；无机构的镇街为 0
create or replace view ind_relief_beds as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'relief_beds'
),
beds as (
  select * from int_relief_beds_by_town
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'relief_beds' as metric,
    cast(coalesce(beds.operating_beds, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(beds.operating_beds_missing, 0) = 0, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join beds on beds.year = towns.year and beds.geo_code = towns.geo_code
)
select * from final;
