-- 整理层：社会组织（每个镇街一行（年末数）），镇街编码列改名为 geo_code
create or replace view stg_social_organizations as
with source as (
  select * from raw_social_organizations
),
final as (
  select
    year,
    town as geo_code,
    community_social_orgs,
    has_federation,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
