-- 慈善信托财产总规模的来源行：每个存续慈善信托的财产规模计入分子（万元），无分母；仅全区，存续信托的财产规模为空时值不完整
-- The sheet has no town column: every row counts for the district. A lost row counts unless
-- it says the trust has ended or is worth 0.
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
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '慈善信托' as sheet_kind,
    source_file, source_sheet, source_row, trust_name as row_label,
    '财产规模' as column_name, cast(assets as varchar) as source_value, cast(assets as double) as contribution
  from trusts
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
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
