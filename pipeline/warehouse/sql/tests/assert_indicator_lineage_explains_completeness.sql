-- indicator_base 的 is_complete 由血缘说明：值完整，当且仅当当年来源表已报送，且其范围内（镇街值：该镇街和读不出镇街的；全区值：全部）没有应有而没有的行、值为空的行、被拒绝的行、表或文件
with base as (
  select * from indicator_base
),
delivery as (
  select d.year, i.indicator_id, d.is_delivered
  from int_sheet_years_by_metric as d
  join ref_indicators as i on i.metric = d.metric
),
lost as (
  select year, indicator_id, geo_code
  from indicator_lineage
  where row_status in ('absent', 'rejected') or (row_status = 'loaded' and contribution is null)
),
lost_by_town as (
  select year, indicator_id, geo_code, count(*) as rows from lost group by year, indicator_id, geo_code
),
lost_anywhere as (
  select year, indicator_id, count(*) as rows from lost group by year, indicator_id
),
judged as (
  select
    base.*,
    coalesce(delivery.is_delivered, false) as is_delivered,
    case
      when base.geo_level = 'district' then coalesce(lost_anywhere.rows, 0)
      else coalesce(own.rows, 0) + coalesce(unknown_town.rows, 0)
    end as lost_rows
  from base
  left join delivery on delivery.year = base.year and delivery.indicator_id = base.indicator_id
  left join lost_anywhere on lost_anywhere.year = base.year and lost_anywhere.indicator_id = base.indicator_id
  left join lost_by_town as own on own.year = base.year and own.indicator_id = base.indicator_id and own.geo_code = base.geo_code
  left join lost_by_town as unknown_town on unknown_town.year = base.year and unknown_town.indicator_id = base.indicator_id and unknown_town.geo_code is null
)
select * from judged
where is_complete <> (is_delivered and lost_rows = 0);
