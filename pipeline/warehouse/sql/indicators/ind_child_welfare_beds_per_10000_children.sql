-- 每万人户籍儿童机构床位数的来源行：运营中儿童福利机构和未成年人救助保护机构的床位数计入分子（张），每镇街户籍儿童人口计入分母，值=分子÷分母×10000；仅出全区值
-- A population of 0 (warned zero_count: 记为缺失) is no population: its cell counts as empty, so the town is missing and
-- the district computed without it and marked incomplete, as for a “—” (the 14th attack: a 0 had kept the town's beds over the others' people, complete).
-- A lost institution row counts unless it says it is not operating, of another type or has 0 beds.
create or replace view ind_child_welfare_beds_per_10000_children as
with institutions as (
  select * from stg_welfare_institutions
  where operating_status = '运营' and institution_type in ('儿童福利机构', '未成年人救助保护机构')
),
population as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.registered_children
  from int_town_sheet_spine as spine
  left join stg_population as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '人口基础数据'
),
rejected_institutions as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '福利机构'
    and coalesce(row_values->>'operating_status' = '运营', true)
    and coalesce(row_values->>'institution_type' in ('儿童福利机构', '未成年人救助保护机构'), true)
    and coalesce(cast(row_values->>'beds' as double) <> 0, true)
),
rejected_towns as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '人口基础数据'
),
lineage as (
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '福利机构' as sheet_kind,
    source_file, source_sheet, source_row, institution_name as row_label,
    '床位数' as column_name, cast(beds as varchar) as source_value, cast(beds as double) as contribution
  from institutions
  union all by name
  select
    year, geo_code, 'denominator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '人口基础数据' as sheet_kind, source_file, source_sheet, source_row,
    '户籍儿童人口' as column_name, cast(registered_children as varchar) as source_value, cast(nullif(registered_children, 0) as double) as contribution
  from population
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected_institutions
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected_towns
),
final as (
  select
    year,
    'child_welfare_beds_per_10000_children' as metric,
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
    cast(10000 as double) as multiplier,
    cast(1 as double) as divisor
  from lineage
)
select * from final;
