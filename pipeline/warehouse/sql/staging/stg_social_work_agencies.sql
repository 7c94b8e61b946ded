-- 整理层：社会工作服务机构（每个社会工作服务机构一行），镇街编码列改名为 geo_code
create or replace view stg_social_work_agencies as
with source as (
  select * from raw_social_work_agencies
),
final as (
  select
    year,
    agency_name,
    town as geo_code,
    status,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
