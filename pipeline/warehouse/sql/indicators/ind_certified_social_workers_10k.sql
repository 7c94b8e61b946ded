-- 获得社会工作者职业水平证书的专业人才：每镇街分子=其中持证人数（人），无分母，值=分子÷10000（万人）
create or replace view ind_certified_social_workers_10k as
with towns as (
  select year, geo_code from int_town_year
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'certified_social_workers_10k'
),
talent as (
  select * from stg_social_work_talent
),
final as (
  select
    towns.year,
    towns.geo_code,
    'town' as geo_level,
    'certified_social_workers_10k' as metric,
    cast(talent.certified_professionals as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(10000 as double) as divisor,
    coalesce(inputs.is_usable and talent.certified_professionals is not null, false) as is_complete
  from towns
  join inputs on inputs.year = towns.year
  left join talent on talent.year = towns.year and talent.geo_code = towns.geo_code
)
select * from final;
