-- 每年每个指标口径的数据来源是否已报送：指标的全部来源表（规划指标表的 source_sheets）当年都至少载入了一张，且其计入的设施类型（source_types）当年没有整类缺失时为真，否则该指标当年缺失
-- The source sheets are the plan's (ref_indicators.source_sheets), so each indicator's inputs are
-- written down once, in data/plan/…/indicators.csv, not again in its SQL model. Of a register
-- kept by type (养老服务设施), the types it counts are source_types (养老服务设施=养老机构), all
-- when the sheet is not named there; a type missing from a year (load_missing_types: rows in an
-- earlier year, none this year, as when one office's workbook was not sent) makes the metrics
-- that count it undelivered that year, as a sheet kind not sent would. Where a sheet of the kind
-- or a whole file of the year was rejected, the type may be all in it: a metric that counts
-- only missing types is undelivered still (counted from the other sheets it would be 0, a zero
-- for what is missing), but one that counts other types too is computed from the rows that
-- loaded, marked incomplete by the rejected sheet's or file's lineage rows (data-contract §4;
-- the 14th attack: the 驿站 office's sheet rejected had blanked 每千名常住人口养老床位数 for every
-- town and the district, its homes and centres loaded).
create or replace table int_sheet_years_by_metric as
with metric_sheets as (
  select metric, trim(unnest(string_split(source_sheets, ';'))) as sheet_kind
  from ref_indicators
),
metric_types as (
  select metric, sheet_kind, type from int_metric_types
),
sheet_years as (
  select year, sheet_kind, is_delivered from int_sheet_years
),
missing_types as (
  select m.year, m.sheet_kind, m.type,
    -- a rejected sheet of the kind, or a file of the year that could not be read, may hold it
    exists (
      select 1 from load_sheets as l
      where l.year = m.year and ((l.sheet_kind = m.sheet_kind and l.status = 'rejected') or l.status = 'file_rejected')
    ) as in_rejected
  from load_missing_types as m
),
specified as (
  -- the types a metric counts of a sheet, where it names them (else every type)
  select metric, sheet_kind, count(*) as types from metric_types group by metric, sheet_kind
),
counted_missing as (
  -- the missing types each metric counts
  select metric_sheets.metric, missing_types.year, metric_sheets.sheet_kind, missing_types.type, missing_types.in_rejected, specified.types
  from metric_sheets
  join missing_types on missing_types.sheet_kind = metric_sheets.sheet_kind
  left join specified on specified.metric = metric_sheets.metric and specified.sheet_kind = metric_sheets.sheet_kind
  left join metric_types on metric_types.metric = metric_sheets.metric and metric_types.sheet_kind = metric_sheets.sheet_kind and metric_types.type = missing_types.type
  where specified.types is null or metric_types.type is not null
),
metric_missing_types as (
  -- one missing that no rejected sheet or file explains, or every type the metric counts missing
  select distinct metric, year
  from counted_missing
  group by metric, year, sheet_kind, types
  having bool_or(not in_rejected) or (types is not null and count(distinct type) = types)
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
