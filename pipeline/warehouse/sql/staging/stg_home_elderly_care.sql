-- 整理层：居家养老（每个镇街一行（年末数）），镇街编码列改名为 geo_code
create or replace view stg_home_elderly_care as
with source as (
  select * from raw_home_elderly_care
),
final as (
  select
    year,
    town as geo_code,
    family_care_beds,
    care_workers,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
