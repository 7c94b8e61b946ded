-- 整理层：志愿服务站点（每个志愿服务站点一行），镇街编码列改名为 geo_code
create or replace view stg_volunteer_stations as
with source as (
  select * from raw_volunteer_stations
),
final as (
  select
    year,
    station_name,
    town as geo_code,
    community_name,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
