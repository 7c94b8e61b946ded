-- 每年每种工作表的报送情况：是否报送（至少一张表已载入）、被拒绝的表和行
-- A kind is delivered when at least one sheet of it loaded that year; values built on it
-- are computed from the rows that loaded. What a rejected row, sheet or file makes
-- incomplete is decided row by row in the lineage (indicator_lineage), not here.
create or replace table int_sheet_years as
with years as (
  select year from load_years
),
sheets as (
  select sheet_kind, sheet_level from ref_sheets
),
loads as (
  select * from load_sheets where sheet_kind is not null
),
loads_by_kind as (
  select
    year,
    sheet_kind,
    count(*) filter (where status = 'loaded') as sheets_loaded,
    count(*) filter (where status = 'rejected') as sheets_rejected,
    coalesce(sum(rows_loaded) filter (where status = 'loaded'), 0) as rows_loaded,
    coalesce(sum(rows_rejected), 0) as rows_rejected
  from loads
  group by year, sheet_kind
),
joined as (
  select
    years.year,
    sheets.sheet_kind,
    sheets.sheet_level,
    coalesce(loads_by_kind.sheets_loaded, 0) as sheets_loaded,
    coalesce(loads_by_kind.sheets_rejected, 0) as sheets_rejected,
    coalesce(loads_by_kind.rows_loaded, 0) as rows_loaded,
    coalesce(loads_by_kind.rows_rejected, 0) as rows_rejected
  from years
  cross join sheets
  left join loads_by_kind on loads_by_kind.year = years.year and loads_by_kind.sheet_kind = sheets.sheet_kind
),
final as (
  select
    year,
    sheet_kind,
    sheet_level,
    sheets_loaded,
    sheets_rejected,
    rows_loaded,
    rows_rejected,
    sheets_loaded > 0 as is_delivered
  from joined
)
select * from final;
