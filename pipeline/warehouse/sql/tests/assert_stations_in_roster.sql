-- 志愿服务、慈善服务和社区村级社会心理服务站点所在社区村都在当年社区村名录中（否则覆盖率会少算）
with stations as (
  select 'stg_volunteer_stations' as model, year, geo_code, community_name from stg_volunteer_stations
  union all select 'stg_charity_stations', year, geo_code, community_name from stg_charity_stations
  union all select 'stg_psych_service_sites', year, geo_code, community_name from stg_psych_service_sites where community_name is not null
)
select stations.*
from stations
left join stg_communities as c
  on c.year = stations.year and c.geo_code = stations.geo_code and c.community_name = stations.community_name
where c.community_name is null;
