-- 整理层：救助床位（每个救助机构一行），镇街编码列改名为 geo_code
create or replace view stg_relief_beds as
with source as (
  select * from raw_relief_beds
),
final as (
  select
    year,
    institution_name,
    town as geo_code,
    bed_type,
    beds,
    operating_status,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
