-- 每年每镇街的运营中区级、镇街级社会心理服务中心/站数（只含有站点行的镇街）
create or replace view int_psych_sites_by_town as
with sites as (
  select * from stg_psych_service_sites
),
final as (
  select
    year,
    geo_code,
    count(*) filter (where operating_status = '运营' and site_level in ('区级', '镇街级')) as operating_centers
  from sites
  group by year, geo_code
)
select * from final;
