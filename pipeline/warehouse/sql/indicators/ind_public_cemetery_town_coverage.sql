-- 公益性公墓乡镇服务覆盖率：每个镇（街道不计）分子=是否覆盖（1/0），分母=1；全区值=覆盖的镇数÷镇总数×100，仅出全区值
create or replace view ind_public_cemetery_town_coverage as
with towns as (
  select year, geo_code from int_town_year
  where geo_type = '镇'
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'public_cemetery_town_coverage'
),
coverage as (
  select * from stg_public_cemetery_coverage
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'public_cemetery_town_coverage' as metric,
    cast(case when coverage.is_covered then 1 when not coverage.is_covered then 0 end as double) as numerator,
    cast(1 as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coverage.is_covered is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join coverage on coverage.year = towns.year and coverage.geo_code = towns.geo_code
)
select * from final;
