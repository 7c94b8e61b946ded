-- 被拒绝的数据来源：每个被拒绝的数据行、每张被整表拒绝的表（按它所列的每个镇街各一行）、每个无法读取的文件各一行，附所属镇街（读不出时为空）、已读出的单元格和拒绝原因
-- One row per rejected source (a row, a sheet, a file; a row with several bad cells is one
-- source with its rules joined), placed where its lost rows could count (data-contract §4):
-- - geo_code: the row's town, or each town a rejected sheet names; the district code for
--   sheets without a town column; NULL when the town cannot be read (any town) and for a
--   file that could not be read (every value of its year);
-- - a rejected sheet that names no town (no data rows) touches nothing.
-- Metric models pick the rejected rows that could have counted for them (row_values);
-- indicator_lineage adds the rejected sheets and files.
create or replace table int_rejected_sources as
with rejects as (
  select * from load_rejects
),
by_source as (
  select
    year,
    sheet_kind,
    scope as reject_scope,
    source_file,
    source_sheet,
    source_row,
    any_value(geo_codes) as geo_codes,
    any_value(row_label) as row_label,
    any_value(row_values) as row_values,
    string_agg(distinct rule_label, '；' order by rule_label) as reject_rules,
    string_agg(message, '；' order by reject_id) as reject_messages,
    min(reject_id) as first_reject_id
  from rejects
  group by year, sheet_kind, scope, source_file, source_sheet, source_row
),
final as (
  select
    year,
    sheet_kind,
    reject_scope,
    source_file,
    source_sheet,
    source_row,
    unnest(
      case
        when geo_codes is null then [cast(null as varchar)]
        when geo_codes = '' then cast([] as varchar[])
        else string_split(geo_codes, ',')
      end
    ) as geo_code,
    row_label,
    row_values,
    reject_rules,
    reject_messages,
    first_reject_id
  from by_source
)
select * from final;
