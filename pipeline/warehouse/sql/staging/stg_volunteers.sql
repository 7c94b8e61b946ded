-- 整理层：志愿服务（每个镇街一行（年末数）），镇街编码列改名为 geo_code
create or replace view stg_volunteers as
with source as (
  select * from raw_volunteers
),
final as (
  select
    year,
    town as geo_code,
    registered_volunteers,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
