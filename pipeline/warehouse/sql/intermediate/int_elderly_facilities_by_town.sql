-- 每年每镇街的运营中养老服务设施汇总（只含有设施行的镇街）：各类设施床位数、养老机构床位数、照料中心数、驿站数，以及床位数缺失的设施数
create or replace view int_elderly_facilities_by_town as
with facilities as (
  select * from stg_elderly_care_facilities where operating_status = '运营'
),
final as (
  select
    year,
    geo_code,
    coalesce(sum(beds), 0) as operating_beds,
    count(*) filter (where beds is null) as operating_beds_missing,
    coalesce(sum(beds) filter (where facility_type = '养老机构'), 0) as institution_beds,
    count(*) filter (where facility_type = '养老机构' and beds is null) as institution_beds_missing,
    count(*) filter (where facility_type = '养老照料中心') as care_centers,
    count(*) filter (where facility_type = '养老服务驿站') as service_stations
  from facilities
  group by year, geo_code
)
select * from final;
