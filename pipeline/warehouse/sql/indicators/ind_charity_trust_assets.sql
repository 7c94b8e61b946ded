-- 慈善信托财产总规模：分子=存续慈善信托的财产规模之和（万元），无分母；仅全区，存续信托的财产规模为空即缺失
create or replace view ind_charity_trust_assets as
with years as (
  select year from load_years
),
district as (
  select geo_code from ref_district
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'charity_trust_assets'
),
trusts as (
  select
    year,
    sum(assets) filter (where status = '存续') as active_assets,
    count(*) filter (where status = '存续' and assets is null) as active_assets_missing
  from stg_charitable_trusts
  group by year
),
final as (
  select
    years.year,
    district.geo_code,
    'district' as geo_level,
    'charity_trust_assets' as metric,
    cast(coalesce(trusts.active_assets, 0) as double) as numerator,
    cast(null as double) as denominator,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(trusts.active_assets_missing, 0) = 0, false) as is_complete
  from years
  cross join district
  join inputs on inputs.year = years.year
  left join trusts on trusts.year = years.year
)
select * from final;
