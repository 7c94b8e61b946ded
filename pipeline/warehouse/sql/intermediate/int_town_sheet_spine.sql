-- 镇街表的应有行：每年每种已报送的镇街表（人口基础数据等，每个镇街一行）应当有的每个镇街（公益性公墓覆盖只含镇）各一行
-- A town-level sheet must have one row per town (ref_sheets.every_town: all towns, or 镇
-- only). Metric models left-join their sheet to this spine: a town without its row is an
-- 'absent' lineage row, which makes that town's value missing. Only for years the kind was
-- delivered: a kind not delivered makes every value built on it missing anyway.
create or replace table int_town_sheet_spine as
with sheets as (
  select sheet_kind, every_town from ref_sheets where every_town is not null
),
delivered as (
  select year, sheet_kind from int_sheet_years where is_delivered
),
towns as (
  select geo_code, geo_type from ref_towns
),
final as (
  select
    delivered.year,
    sheets.sheet_kind,
    towns.geo_code
  from delivered
  join sheets on sheets.sheet_kind = delivered.sheet_kind
  join towns on sheets.every_town = 'all' or (sheets.every_town = 'towns' and towns.geo_type = '镇')
)
select * from final;
