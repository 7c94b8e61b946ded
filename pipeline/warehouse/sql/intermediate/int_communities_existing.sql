-- 存续社区村：社区村名录中状态为存续的社区（村），附是否有志愿服务站点、慈善服务站点、运营中的社区村级社会心理服务站点
create or replace view int_communities_existing as
with communities as (
  select * from stg_communities where status = '存续'
),
volunteer_stations as (
  select distinct year, geo_code, community_name from stg_volunteer_stations
),
charity_stations as (
  select distinct year, geo_code, community_name from stg_charity_stations
),
psych_sites as (
  select distinct year, geo_code, community_name
  from stg_psych_service_sites
  where site_level = '社区村级' and operating_status = '运营' and community_name is not null
),
final as (
  select
    communities.year,
    communities.geo_code,
    communities.community_name,
    communities.community_type,
    communities.election_method,
    communities.community_workers,
    communities.workers_living_locally,
    communities.is_secretary_studio,
    communities.building_governance_sites,
    volunteer_stations.community_name is not null as has_volunteer_station,
    charity_stations.community_name is not null as has_charity_station,
    psych_sites.community_name is not null as has_operating_psych_site
  from communities
  left join volunteer_stations
    on volunteer_stations.year = communities.year
    and volunteer_stations.geo_code = communities.geo_code
    and volunteer_stations.community_name = communities.community_name
  left join charity_stations
    on charity_stations.year = communities.year
    and charity_stations.geo_code = communities.geo_code
    and charity_stations.community_name = communities.community_name
  left join psych_sites
    on psych_sites.year = communities.year
    and psych_sites.geo_code = communities.geo_code
    and psych_sites.community_name = communities.community_name
)
select * from final;
