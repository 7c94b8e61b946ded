-- 指标计入的设施类型：规划指标表 source_types 中每个指标在每种按类型填报的工作表中计入的类型（如 养老服务设施=养老服务驿站），每个类型一行；没有写明类型的指标计入该表的全部类型，这里没有它的行
-- The plan's ref_indicators.source_types (`养老服务设施=养老机构`, `福利机构=儿童福利机构/未成年人救助保护机构`)
-- as rows, read once: int_sheet_years_by_metric (a type missing from a year) and int_vanished_sources
-- (a town's rows of a type gone) ask which metrics count a type.
create or replace table int_metric_types as
with type_entries as (
  select metric, trim(unnest(string_split(source_types, ';'))) as entry
  from ref_indicators
  where coalesce(source_types, '') <> ''
),
final as (
  select metric, trim(split_part(entry, '=', 1)) as sheet_kind, trim(unnest(string_split(split_part(entry, '=', 2), '/'))) as type
  from type_entries
)
select * from final;
