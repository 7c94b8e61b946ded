-- 年度×镇街骨架：本次构建的每个年度与每个镇街（街道和镇）各一行
create or replace table int_town_year as
with years as (
  select year from load_years
),
towns as (
  select geo_code, geo_name, geo_type, sort_order from ref_towns
),
final as (
  select
    years.year,
    towns.geo_code,
    towns.geo_name,
    towns.geo_type,
    towns.sort_order
  from years
  cross join towns
)
select * from final;
