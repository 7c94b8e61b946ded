-- 上年有、本年没有的镇街名录行所涉及的指标：每年×指标×镇街×表×类型一行；该镇街只计这些行的指标值缺失（is_required），其余计入它们的指标值按已载入的行计算、标为不完整
-- A town's rows of a register (of a type, for a register kept by type) listed last year and
-- neither loaded nor rejected this year (load_vanished_rows, from validate-year's
-- town_rows_missing warning): rows lost, not facilities gone — a closed one stays listed as
-- 停用. The 15th attack: the 驿站 office's workbook not sent and one 驿站 row filed elsewhere
-- had published binding indicator 6 as 1 station for 141, complete, with warnings the only sign.
-- indicator_lineage adds one absent row per metric that counts them, in the town:
-- - is_required (the town's value missing, as a town missing from a town-level sheet is) when
--   what the metric counts of the sheet kind is all gone from the town: a register without
--   types, a town with no other row of the kind this year, or every type the metric names
--   (source_types) gone;
-- - else not required: the town's value and the district's are computed from the rows there
--   and marked incomplete (养老床位 of every type, the town's homes still listed); so too where only
--   some of the town's facilities of the type that were operating are gone (all_gone false: the
--   16th reading, 黄村镇's 驿站 17 → 1 said as 16 stations 停用).
-- The metrics that count a type are those whose source_types name it, or name no type of the
-- kind (they count every type), as in int_sheet_years_by_metric.
create or replace table int_vanished_sources as
with vanished as (
  select * from load_vanished_rows
),
metric_sheets as (
  select metric, trim(unnest(string_split(source_sheets, ';'))) as sheet_kind
  from ref_indicators
),
metric_types as (
  select metric, sheet_kind, type from int_metric_types
),
named as (
  -- how many types a metric names of a sheet kind (none: it counts every type)
  select metric, sheet_kind, count(*) as types from metric_types group by metric, sheet_kind
),
touched as (
  select
    v.year, metric_sheets.metric, v.geo_code, v.sheet_kind, v.type, v.last_year, v.last_rows, v.town_rows_left, v.all_gone,
    named.types as named_types
  from vanished as v
  join metric_sheets on metric_sheets.sheet_kind = v.sheet_kind
  left join named on named.metric = metric_sheets.metric and named.sheet_kind = v.sheet_kind
  where v.type is null or named.types is null
    or exists (
      select 1 from metric_types as t
      where t.metric = metric_sheets.metric and t.sheet_kind = v.sheet_kind and t.type = v.type
    )
),
final as (
  select
    year, metric, geo_code, sheet_kind, type, last_year, last_rows, all_gone,
    all_gone and (
      type is null
      or not town_rows_left
      or (named_types is not null and count(*) filter (where all_gone) over (partition by year, metric, geo_code, sheet_kind) = named_types)
    ) as is_required
  from touched
)
select * from final;
