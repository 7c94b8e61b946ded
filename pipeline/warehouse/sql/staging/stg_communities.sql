-- 整理层：社区村名录（每个社区（村）一行，含已撤销的村），镇街编码列改名为 geo_code
create or replace view stg_communities as
with source as (
  select * from raw_communities
),
final as (
  select
    year,
    town as geo_code,
    community_name,
    community_type,
    status,
    revoked_year,
    election_method,
    community_workers,
    workers_living_locally,
    is_secretary_studio,
    building_governance_sites,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
