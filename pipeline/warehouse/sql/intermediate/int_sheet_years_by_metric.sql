-- 每年每个指标口径的数据来源是否已报送：指标的全部来源表（规划指标表的 source_sheets）当年都至少载入了一张，且其计入的设施类型（source_types）当年没有整类缺失时为真，否则该指标当年缺失
-- The source sheets are the plan's (ref_indicators.source_sheets), so each indicator's inputs are
-- written down once, in data/plan/…/indicators.csv, not again in its SQL model. Of a register
-- kept by type (养老服务设施), the types it counts are source_types (养老服务设施=养老机构), all
-- when the sheet is not named there; a type missing from a year (load_missing_types: rows in an
-- earlier year, none this year, as when one office's workbook was not sent) makes the metrics
-- that count it undelivered that year, as a sheet kind not sent would.
create or replace table int_sheet_years_by_metric as
with metric_sheets as (
  select metric, trim(unnest(string_split(source_sheets, ';'))) as sheet_kind
  from ref_indicators
),
type_entries as (
  select metric, trim(unnest(string_split(source_types, ';'))) as entry
  from ref_indicators
  where coalesce(source_types, '') <> ''
),
metric_types as (
  select metric, trim(split_part(entry, '=', 1)) as sheet_kind, trim(unnest(string_split(split_part(entry, '=', 2), '/'))) as type
  from type_entries
),
sheet_years as (
  select year, sheet_kind, is_delivered from int_sheet_years
),
missing_types as (
  select year, sheet_kind, type from load_missing_types
),
metric_missing_types as (
  select distinct metric_sheets.metric, missing_types.year
  from metric_sheets
  join missing_types on missing_types.sheet_kind = metric_sheets.sheet_kind
  left join metric_types on metric_types.metric = metric_sheets.metric and metric_types.sheet_kind = metric_sheets.sheet_kind
  group by metric_sheets.metric, missing_types.year, missing_types.type
  -- a metric counting every type of the sheet, or the missing one among those it counts
  having count(metric_types.type) = 0 or bool_or(metric_types.type = missing_types.type)
),
final as (
  select
    sheet_years.year,
    metric_sheets.metric,
    bool_and(sheet_years.is_delivered) and bool_and(metric_missing_types.metric is null) as is_delivered
  from metric_sheets
  join sheet_years on sheet_years.sheet_kind = metric_sheets.sheet_kind
  left join metric_missing_types on metric_missing_types.metric = metric_sheets.metric and metric_missing_types.year = sheet_years.year
  group by sheet_years.year, metric_sheets.metric
)
select * from final;
