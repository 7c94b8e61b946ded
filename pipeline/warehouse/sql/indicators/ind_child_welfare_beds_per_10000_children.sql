-- 每万人户籍儿童机构床位数：每镇街分子=运营中儿童福利机构和未成年人救助保护机构床位数（张），分母=户籍儿童人口，值=分子÷分母×10000；仅出全区值
create or replace view ind_child_welfare_beds_per_10000_children as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'child_welfare_beds_per_10000_children'
),
institutions as (
  select * from int_welfare_institutions_by_town
),
population as (
  select * from stg_population
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'child_welfare_beds_per_10000_children' as metric,
    cast(coalesce(institutions.child_welfare_beds, 0) as double) as numerator,
    cast(population.registered_children as double) as denominator,
    cast(10000 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(institutions.child_welfare_beds_missing, 0) = 0
      and population.registered_children is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join institutions on institutions.year = towns.year and institutions.geo_code = towns.geo_code
  left join population on population.year = towns.year and population.geo_code = towns.geo_code
)
select * from final;
