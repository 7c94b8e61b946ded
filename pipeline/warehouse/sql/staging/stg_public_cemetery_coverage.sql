-- 整理层：公益性公墓覆盖（每个镇一行（街道不填）），镇街编码列改名为 geo_code
create or replace view stg_public_cemetery_coverage as
with source as (
  select * from raw_public_cemetery_coverage
),
final as (
  select
    year,
    town as geo_code,
    is_covered,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
