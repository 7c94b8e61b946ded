-- 每年每镇街的社区村汇总（只含有名录行的镇街）：存续社区村数、社区数、选举方式、示范点、社区工作者、站点覆盖、规划期内累计撤销数，以及缺失值个数
-- "社区" (community_type = 社区) is an urban residents' committee, counted as urban_communities;
-- "communities" means 社区 and 村 together. *_missing counts rows whose needed cell is NULL:
-- a metric using that cell is incomplete for the town when the count is above 0.
create or replace view int_community_counts_by_town as
with existing as (
  select * from int_communities_existing
),
roster as (
  select * from stg_communities
),
plan as (
  select period_start from ref_plan
),
existing_by_town as (
  select
    year,
    geo_code,
    count(*) as existing_communities,
    count(*) filter (where community_type = '社区') as urban_communities,
    count(*) filter (where community_type = '社区' and election_method in ('直接选举', '户代表选举')) as urban_communities_direct_election,
    count(*) filter (where community_type = '社区' and election_method is null) as urban_communities_election_missing,
    count(*) filter (where is_secretary_studio) as secretary_studio_sites,
    count(*) filter (where is_secretary_studio is null) as secretary_studio_missing,
    coalesce(sum(building_governance_sites), 0) as building_governance_sites,
    count(*) filter (where building_governance_sites is null) as building_governance_sites_missing,
    coalesce(sum(community_workers), 0) as community_workers,
    coalesce(sum(workers_living_locally), 0) as workers_living_locally,
    count(*) filter (where community_workers is null or workers_living_locally is null) as community_workers_missing,
    count(*) filter (where has_volunteer_station) as communities_with_volunteer_station,
    count(*) filter (where has_charity_station) as communities_with_charity_station,
    count(*) filter (where has_operating_psych_site) as communities_with_psych_site
  from existing
  group by year, geo_code
),
revoked_by_town as (
  select
    roster.year,
    roster.geo_code,
    count(*) filter (where roster.revoked_year between plan.period_start and roster.year) as revoked_in_plan_period,
    count(*) filter (where roster.revoked_year is null) as revoked_year_missing
  from roster
  cross join plan
  where roster.status = '撤销'
  group by roster.year, roster.geo_code
),
towns_with_rows as (
  select distinct year, geo_code from roster
),
final as (
  select
    towns_with_rows.year,
    towns_with_rows.geo_code,
    coalesce(existing_by_town.existing_communities, 0) as existing_communities,
    coalesce(existing_by_town.urban_communities, 0) as urban_communities,
    coalesce(existing_by_town.urban_communities_direct_election, 0) as urban_communities_direct_election,
    coalesce(existing_by_town.urban_communities_election_missing, 0) as urban_communities_election_missing,
    coalesce(existing_by_town.secretary_studio_sites, 0) as secretary_studio_sites,
    coalesce(existing_by_town.secretary_studio_missing, 0) as secretary_studio_missing,
    coalesce(existing_by_town.building_governance_sites, 0) as building_governance_sites,
    coalesce(existing_by_town.building_governance_sites_missing, 0) as building_governance_sites_missing,
    coalesce(existing_by_town.community_workers, 0) as community_workers,
    coalesce(existing_by_town.workers_living_locally, 0) as workers_living_locally,
    coalesce(existing_by_town.community_workers_missing, 0) as community_workers_missing,
    coalesce(existing_by_town.communities_with_volunteer_station, 0) as communities_with_volunteer_station,
    coalesce(existing_by_town.communities_with_charity_station, 0) as communities_with_charity_station,
    coalesce(existing_by_town.communities_with_psych_site, 0) as communities_with_psych_site,
    coalesce(revoked_by_town.revoked_in_plan_period, 0) as revoked_in_plan_period,
    coalesce(revoked_by_town.revoked_year_missing, 0) as revoked_year_missing
  from towns_with_rows
  left join existing_by_town
    on existing_by_town.year = towns_with_rows.year and existing_by_town.geo_code = towns_with_rows.geo_code
  left join revoked_by_town
    on revoked_by_town.year = towns_with_rows.year and revoked_by_town.geo_code = towns_with_rows.geo_code
)
select * from final;
