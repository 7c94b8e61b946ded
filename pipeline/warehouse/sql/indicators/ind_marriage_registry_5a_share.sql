-- 5A级婚姻登记机关比例：分子=5A级婚姻登记机关数，分母=婚姻登记机关数，值=分子÷分母×100；仅全区
create or replace view ind_marriage_registry_5a_share as
with years as (
  select year from load_years
),
district as (
  select geo_code from ref_district
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'marriage_registry_5a_share'
),
registries as (
  select
    year,
    count(*) filter (where grade = '5A') as grade_5a,
    count(*) as registries
  from stg_marriage_registries
  group by year
),
final as (
  select
    years.year,
    district.geo_code,
    'district' as geo_level,
    'marriage_registry_5a_share' as metric,
    cast(coalesce(registries.grade_5a, 0) as double) as numerator,
    cast(coalesce(registries.registries, 0) as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable, false) as is_complete
  from years
  cross join district
  join inputs on inputs.year = years.year
  left join registries on registries.year = years.year
)
select * from final;
