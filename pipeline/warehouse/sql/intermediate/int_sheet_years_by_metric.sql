-- 每年每个指标口径的数据来源是否已报送：指标的全部来源表（规划指标表的 source_sheets）当年都至少载入了一张时为真，否则该指标当年缺失
-- The source sheets are the plan's (ref_indicators.source_sheets), so each indicator's inputs are
-- written down once, in data/plan/…/indicators.csv, not again in its SQL model.
create or replace table int_sheet_years_by_metric as
with metric_sheets as (
  select metric, trim(unnest(string_split(source_sheets, ';'))) as sheet_kind
  from ref_indicators
),
sheet_years as (
  select year, sheet_kind, is_delivered from int_sheet_years
),
final as (
  select
    sheet_years.year,
    metric_sheets.metric,
    bool_and(sheet_years.is_delivered) as is_delivered
  from metric_sheets
  join sheet_years on sheet_years.sheet_kind = metric_sheets.sheet_kind
  group by sheet_years.year, metric_sheets.metric
)
select * from final;
