-- 整理层：特困人员供养（每个镇街一行（年末数）），镇街编码列改名为 geo_code
create or replace view stg_extreme_poverty_support as
with source as (
  select * from raw_extreme_poverty_support
),
final as (
  select
    year,
    town as geo_code,
    extreme_poverty_persons,
    needing_institutional_care,
    institutionally_cared,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
