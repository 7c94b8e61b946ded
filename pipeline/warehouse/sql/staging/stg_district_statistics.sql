-- 整理层：区级统计指标（每个统计指标一行），数值列改名为 statistic_value
create or replace view stg_district_statistics as
with source as (
  select * from raw_district_statistics
),
final as (
  select
    year,
    statistic,
    value as statistic_value,
    unit,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
comment on column stg_district_statistics.statistic_value is '统计指标的数值（原始层 raw_district_statistics 的 value 列）';
