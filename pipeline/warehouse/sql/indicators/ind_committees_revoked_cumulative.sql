-- 实施村（居）委会撤销（调整）的来源行：当年社区村名录中状态为撤销且规划期首年≤撤销年份≤当年的每个社区村计入分子 1（个，规划期累计），无分母
-- A lost roster row counts unless it says the community still exists or was revoked outside
-- the plan period so far; one revoked in the period and left out of a later year's roster is
-- absent (the figure incomplete; the town's missing when none of its revoked villages is left).
create or replace view ind_committees_revoked_cumulative as
with plan as (
  select period_start from ref_plan
),
revoked as (
  select communities.*, plan.period_start
  from stg_communities as communities
  cross join plan
  where communities.status = '撤销'
    and (communities.revoked_year is null or communities.revoked_year between plan.period_start and communities.year)
),
rejected as (
  select rejected.*
  from int_rejected_sources as rejected
  cross join plan
  where rejected.reject_scope = 'row' and rejected.sheet_kind = '社区村名录'
    and coalesce(rejected.row_values->>'status' = '撤销', true)
    and coalesce(cast(rejected.row_values->>'revoked_year' as integer) between plan.period_start and rejected.year, true)
),
dropped as (
  -- revoked in the period and listed so last year, not in this year's roster at all: it still
  -- counts, and without its row the figure is short by one (an attack: 潘家营村, revoked in 2024,
  -- left out of 2025's roster, 130 → 129 published as complete). Absent, not required: the value
  -- is computed from the rows there and marked incomplete (validate-year warns of it by name).
  select this_year.year, prev.geo_code, prev.community_name
  from stg_communities as prev
  cross join plan
  join (select distinct year from stg_communities) as this_year on this_year.year = prev.year + 1
  where prev.status = '撤销'
    and (prev.revoked_year is null or prev.revoked_year >= plan.period_start)
    and not exists (
      select 1 from stg_communities as now
      where now.year = this_year.year and now.geo_code = prev.geo_code and now.community_name = prev.community_name
    )
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '社区村名录' as sheet_kind,
    source_file, source_sheet, source_row, community_name as row_label,
    '撤销年份' as column_name, cast(revoked_year as varchar) as source_value,
    case when revoked_year is not null then cast(1 as double) end as contribution
  from revoked
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
  union all by name
  -- required where no revoked village of the town is left in the year's roster: its count is then
  -- not known at all, not 0 (the 16th attack: every revoked village left out of 2025's roster had
  -- published 0, 未完成, and a fall from 104 to 0 that never happened)
  select
    d.year, d.geo_code, 'numerator' as role, 'absent' as row_status,
    not exists (select 1 from revoked as r where r.year = d.year and r.geo_code = d.geo_code) as is_required,
    '社区村名录' as sheet_kind, d.community_name as row_label, '撤销年份' as column_name
  from dropped as d
),
final as (
  select
    year,
    'committees_revoked_cumulative' as metric,
    geo_code,
    role,
    row_status,
    coalesce(is_required, false) as is_required,
    sheet_kind,
    source_file,
    source_sheet,
    source_row,
    row_label,
    column_name,
    source_value,
    contribution,
    cast(1 as double) as multiplier,
    cast(1 as double) as divisor
  from lineage
)
select * from final;
