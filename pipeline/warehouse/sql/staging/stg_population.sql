-- 整理层：人口基础数据（每个镇街一行（年末数）），镇街编码列改名为 geo_code
create or replace view stg_population as
with source as (
  select * from raw_population
),
final as (
  select
    year,
    town as geo_code,
    resident_population,
    registered_population,
    residents_60_plus,
    registered_children,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
