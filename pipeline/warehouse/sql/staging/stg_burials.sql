-- 整理层：殡葬安葬（每个镇街一行（全年数）），镇街编码列改名为 geo_code
create or replace view stg_burials as
with source as (
  select * from raw_burials
),
final as (
  select
    year,
    town as geo_code,
    burials_total,
    eco_burials,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
