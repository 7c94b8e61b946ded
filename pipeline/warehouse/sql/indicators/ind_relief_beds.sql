-- 临时救助和长期照料总床位数的来源行：每个运营中救助机构（两类床位）的床位数计入分子（张），无分母；床位数为空的运营机构使值不完整
-- A lost row counts unless it says it is not operating or has 0 beds (it cannot change the sum).
create or replace view ind_relief_beds as
with institutions as (
  select * from stg_relief_beds where operating_status = '运营'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '救助床位'
    and coalesce(row_values->>'operating_status' = '运营', true)
    and coalesce(cast(row_values->>'beds' as double) <> 0, true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '救助床位' as sheet_kind,
    source_file, source_sheet, source_row, institution_name as row_label,
    '床位数' as column_name, cast(beds as varchar) as source_value, cast(beds as double) as contribution
  from institutions
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'relief_beds' as metric,
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
