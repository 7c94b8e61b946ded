-- 整理层：养老服务设施（每个养老服务设施一行），镇街编码列改名为 geo_code
create or replace view stg_elderly_care_facilities as
with source as (
  select * from raw_elderly_care_facilities
),
final as (
  select
    year,
    facility_name,
    town as geo_code,
    facility_type,
    beds,
    operating_status,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
