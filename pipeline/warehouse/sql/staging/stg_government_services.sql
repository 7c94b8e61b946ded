-- 整理层：政务服务事项（每个政务服务事项一行），仅选列
create or replace view stg_government_services as
with source as (
  select * from raw_government_services
),
final as (
  select
    year,
    service_code,
    service_name,
    is_online,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
