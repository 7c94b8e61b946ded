-- 整理层：福利机构（每个福利机构一行），镇街编码列改名为 geo_code
create or replace view stg_welfare_institutions as
with source as (
  select * from raw_welfare_institutions
),
final as (
  select
    year,
    institution_name,
    town as geo_code,
    institution_type,
    admin_level,
    beds,
    operating_status,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
