-- 整理层：婚姻登记机关（每个婚姻登记机关一行），仅选列
create or replace view stg_marriage_registries as
with source as (
  select * from raw_marriage_registries
),
final as (
  select
    year,
    registry_name,
    grade,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
