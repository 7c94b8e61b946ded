-- 全区社区社会组织数量的来源行：每镇街社会组织行的社区社会组织数量计入分子（家），无分母
-- Each town must have its row (absent or empty: that town is missing).
create or replace view ind_community_social_orgs as
with organizations as (
  select spine.year, spine.geo_code, s.source_file, s.source_sheet, s.source_row, s.community_social_orgs
  from int_town_sheet_spine as spine
  left join stg_social_organizations as s on s.year = spine.year and s.geo_code = spine.geo_code
  where spine.sheet_kind = '社会组织'
),
rejected as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社会组织'
),
lineage as (
  select
    year, geo_code, 'numerator' as role,
    case when source_row is null then 'absent' else 'loaded' end as row_status,
    true as is_required, '社会组织' as sheet_kind, source_file, source_sheet, source_row,
    '社区社会组织数量' as column_name, cast(community_social_orgs as varchar) as source_value, cast(community_social_orgs as double) as contribution
  from organizations
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected
),
final as (
  select
    year,
    'community_social_orgs' as metric,
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
