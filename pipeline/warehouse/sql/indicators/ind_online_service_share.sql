-- 政务服务事项网上办理率：分子=网上可办的政务服务事项数，分母=政务服务事项数，值=分子÷分母×100；仅全区
create or replace view ind_online_service_share as
with years as (
  select year from load_years
),
district as (
  select geo_code from ref_district
),
inputs as (
  select year, is_usable from int_sheet_years_by_metric where metric = 'online_service_share'
),
services as (
  select
    year,
    count(*) filter (where is_online) as online_services,
    count(*) filter (where is_online is null) as online_missing,
    count(*) as services
  from stg_government_services
  group by year
),
final as (
  select
    years.year,
    district.geo_code,
    'district' as geo_level,
    'online_service_share' as metric,
    cast(coalesce(services.online_services, 0) as double) as numerator,
    cast(coalesce(services.services, 0) as double) as denominator,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor,
    coalesce(inputs.is_usable and coalesce(services.online_missing, 0) = 0, false) as is_complete
  from years
  cross join district
  join inputs on inputs.year = years.year
  left join services on services.year = years.year
)
select * from final;
