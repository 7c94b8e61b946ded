-- 区级精神卫生福利床位数的来源行：每个运营中的区级精神卫生福利机构的床位数计入分子（张，按机构所在镇街），无分母；仅出全区值
-- A lost institution row counts unless it says it is not operating, not 精神卫生福利机构, not 区级
-- or has 0 beds.
create or replace view ind_district_mental_health_beds as
with institutions as (
  select * from stg_welfare_institutions
  where operating_status = '运营' and institution_type = '精神卫生福利机构' and admin_level = '区级'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '福利机构'
    and coalesce(row_values->>'operating_status' = '运营', true)
    and coalesce(row_values->>'institution_type' = '精神卫生福利机构', true)
    and coalesce(row_values->>'admin_level' = '区级', true)
    and coalesce(cast(row_values->>'beds' as double) <> 0, true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '福利机构' as sheet_kind,
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
    'district_mental_health_beds' as metric,
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
