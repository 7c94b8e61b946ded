-- 整理层各表的镇街编码都在 ref_towns 中
with codes as (
  select 'stg_population' as model, year, geo_code from stg_population
  union all select 'stg_extreme_poverty_support', year, geo_code from stg_extreme_poverty_support
  union all select 'stg_relief_beds', year, geo_code from stg_relief_beds
  union all select 'stg_elderly_care_facilities', year, geo_code from stg_elderly_care_facilities
  union all select 'stg_home_elderly_care', year, geo_code from stg_home_elderly_care
  union all select 'stg_welfare_institutions', year, geo_code from stg_welfare_institutions
  union all select 'stg_mental_health_rehab', year, geo_code from stg_mental_health_rehab
  union all select 'stg_communities', year, geo_code from stg_communities
  union all select 'stg_social_organizations', year, geo_code from stg_social_organizations
  union all select 'stg_social_work_agencies', year, geo_code from stg_social_work_agencies
  union all select 'stg_social_work_talent', year, geo_code from stg_social_work_talent
  union all select 'stg_volunteers', year, geo_code from stg_volunteers
  union all select 'stg_volunteer_stations', year, geo_code from stg_volunteer_stations
  union all select 'stg_burials', year, geo_code from stg_burials
  union all select 'stg_public_cemetery_coverage', year, geo_code from stg_public_cemetery_coverage
  union all select 'stg_charity_stations', year, geo_code from stg_charity_stations
  union all select 'stg_psych_service_sites', year, geo_code from stg_psych_service_sites
)
select codes.*
from codes
where codes.geo_code not in (select geo_code from ref_towns);
