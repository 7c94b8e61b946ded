-- 整理层：社会工作人才（每个镇街一行（年末数）），镇街编码列改名为 geo_code
create or replace view stg_social_work_talent as
with source as (
  select * from raw_social_work_talent
),
final as (
  select
    year,
    town as geo_code,
    social_work_professionals,
    certified_professionals,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
