-- 区级儿童福利机构数量的来源行：每个运营中的区级儿童福利机构计入分子 1（所，按机构所在镇街），无分母；仅出全区值
-- A lost institution row counts unless it says it is not operating, not 儿童福利机构 or not 区级.
create or replace view ind_district_child_welfare_institutions as
with institutions as (
  select * from stg_welfare_institutions
  where operating_status = '运营' and institution_type = '儿童福利机构' and admin_level = '区级'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '福利机构'
    and coalesce(row_values->>'operating_status' = '运营', true)
    and coalesce(row_values->>'institution_type' = '儿童福利机构', true)
    and coalesce(row_values->>'admin_level' = '区级', true)
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '福利机构' as sheet_kind,
    source_file, source_sheet, source_row, institution_name as row_label,
    '机构类型' as column_name, institution_type as source_value, cast(1 as double) as contribution
  from institutions
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'district_child_welfare_institutions' as metric,
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
