-- 慈善信托财产总规模的来源行：每个存续慈善信托的财产规模计入分子（万元），无分母；仅全区，存续信托的财产规模为空时值不完整
-- The sheet has no town column: every row counts for the district. A lost row counts unless
-- it says the trust has ended or is worth 0; a trust 存续 last year and not listed this year is
-- absent (the figure incomplete).
create or replace view ind_charity_trust_assets as
with district as (
  select geo_code from ref_district
),
trusts as (
  select stg.*, district.geo_code
  from stg_charitable_trusts as stg
  cross join district
  where stg.status = '存续'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '慈善信托'
    and coalesce(row_values->>'status' = '存续', true)
    and coalesce(cast(row_values->>'assets' as double) <> 0, true)
),
dropped as (
  -- a trust 存续 last year that this year's list has not at all (neither loaded nor rejected): an
  -- ended one stays listed as 终止, so its row is lost, and the total is short by it (the 16th
  -- attack: “童心护航” left out, 51 → 39 万元, complete); validate-year warns of it by name
  select this_year.year, district.geo_code, prev.trust_name
  from stg_charitable_trusts as prev
  cross join district
  join (select distinct year from stg_charitable_trusts) as this_year on this_year.year = prev.year + 1
  where prev.status = '存续'
    and not exists (
      select 1 from stg_charitable_trusts as now
      where now.year = this_year.year and now.trust_name = prev.trust_name
    )
    and not exists (
      select 1 from int_rejected_sources as r
      where r.year = this_year.year and r.sheet_kind = '慈善信托' and r.reject_scope = 'row' and r.row_label = prev.trust_name
    )
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '慈善信托' as sheet_kind,
    source_file, source_sheet, source_row, trust_name as row_label,
    '财产规模' as column_name, cast(assets as varchar) as source_value, cast(assets as double) as contribution
  from trusts
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
  union all by name
  select year, geo_code, 'numerator' as role, 'absent' as row_status, false as is_required, '慈善信托' as sheet_kind, trust_name as row_label, '财产规模' as column_name
  from dropped
),
final as (
  select
    year,
    'charity_trust_assets' as metric,
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
