-- 整理层：精神障碍社区康复（每个镇街一行），镇街编码列改名为 geo_code
create or replace view stg_mental_health_rehab as
with source as (
  select * from raw_mental_health_rehab
),
final as (
  select
    year,
    town as geo_code,
    has_service,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
