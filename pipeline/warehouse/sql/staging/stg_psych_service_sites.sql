-- 整理层：社会心理服务站点（每个社会心理服务中心/站一行），镇街编码列改名为 geo_code
create or replace view stg_psych_service_sites as
with source as (
  select * from raw_psych_service_sites
),
final as (
  select
    year,
    site_name,
    site_level,
    town as geo_code,
    community_name,
    operating_status,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
