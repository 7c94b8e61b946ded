-- 指标数据来源（血缘）：每个指标每年的分子、分母由哪些填报行构成（文件、工作表、Excel 行号、所用列、数值、计入量），以及本应计入却被拒绝的行、表和文件
-- One row per source row and role of every metric model ind_<metric>, plus the rejected
-- sheets and files that touch the metric, each placed where it counts (geo_code):
-- - a town for town-level, facility, community and list sheets with a town column; the
--   district for sheets without one; NULL for a lost row, sheet or file whose town is
--   unknown (it touches every town and the district);
-- - row_status: loaded (read and kept), absent (a town-level row or district statistic the
--   formula needs is not there; a town's rows of a register listed last year and none this
--   year, int_vanished_sources), rejected (in the rejects ledger: reject_rules, reject_messages);
-- - is_counted: the row's contribution is in the published numerator or denominator —
--   loaded, with a value, the metric's sheets delivered that year, and its place (town or
--   district) not missing an input it needs. A town whose every row of a sheet kind was
--   rejected has no value of its own (indicator_base), yet its counted rows are in the district's.
-- The lineage of a published value: rows of its year and indicator with geo_code = the
-- town (or NULL) for a town value, every row for the district value. indicator_base sums
-- the counted rows, so a value and its lineage cannot disagree (assert_indicator_lineage_*).
-- Stored in the order of all its columns, which lineage.parquet is written in (a scan keeps a
-- table's order): sorting as the table is made and exporting it as it is took 13.3–13.5 s at
-- 100× where making it and sorting it into the file took 16.0–17.1 s; the same bytes.
-- The columns of few fixed values, and the names of the files and sheets read, are ENUMs
-- (warehouse/schema.ts: lineageTypesDdl, lineageSourceTypesDdl), their values sorted as their
-- texts sort: the same order; lineage.parquet has them as text.
create or replace table indicator_lineage as
with metric_rows as (
  select * from ind_building_governance_demo_sites
  union all by name select * from ind_carers_per_10000_elderly
  union all by name select * from ind_certified_social_workers_10k
  union all by name select * from ind_charity_station_coverage
  union all by name select * from ind_charity_trust_assets
  union all by name select * from ind_child_welfare_beds_per_10000_children
  union all by name select * from ind_committees_revoked_cumulative
  union all by name select * from ind_community_social_orgs
  union all by name select * from ind_community_worker_local_share
  union all by name select * from ind_concentrated_support_rate
  union all by name select * from ind_direct_election_share
  union all by name select * from ind_district_child_welfare_institutions
  union all by name select * from ind_district_mental_health_beds
  union all by name select * from ind_eco_burial_rate
  union all by name select * from ind_elderly_beds_per_1000_residents
  union all by name select * from ind_elderly_care_centers
  union all by name select * from ind_elderly_service_stations
  union all by name select * from ind_institution_beds_per_1000_residents
  union all by name select * from ind_marriage_registry_5a_share
  union all by name select * from ind_mental_rehab_town_share
  union all by name select * from ind_online_service_share
  union all by name select * from ind_orphan_allowance_to_consumption
  union all by name select * from ind_psych_service_centers
  union all by name select * from ind_psych_service_coverage
  union all by name select * from ind_public_cemetery_town_coverage
  union all by name select * from ind_registered_volunteer_share
  union all by name select * from ind_relief_beds
  union all by name select * from ind_secretary_studio_demo_sites
  union all by name select * from ind_social_org_federation_town_share
  union all by name select * from ind_social_work_agencies
  union all by name select * from ind_social_work_professionals_10k
  union all by name select * from ind_volunteer_station_coverage
),
indicators as (
  select indicator_id, metric from ref_indicators
),
unpaired as (
  -- a district-only ratio whose numerator is read from another sheet than its denominator
  -- (11: 区级 institutions' beds over each town's children): a numerator row stands in the town of
  -- its facility, not of the people it serves, so a town missing its denominator keeps its numerator
  -- rows in the district value (the 17th attack: 黄村镇's children left blank had taken the 区级
  -- 未成年人救助保护中心's 44 beds out, 13.24 → 10.62, 逆向变化 and a binding warning). Where both
  -- come from one sheet (9, 18, 25, 27: a town's row is both), a town missing its cell leaves both.
  select metric from ref_indicators where level = 'D' and len(string_split(source_sheets, ';')) > 1
),
metric_sheets as (
  select metric, trim(unnest(string_split(source_sheets, ';'))) as sheet_kind from ref_indicators
),
rejected_sources as (
  select * from int_rejected_sources
),
rejected_sheets as (
  -- a sheet rejected as a whole: every metric built on its kind, in each town it names
  select
    r.year, metric_sheets.metric, r.geo_code, 'rejected' as row_status, false as is_required, r.sheet_kind,
    r.source_file, r.source_sheet, r.source_row, r.row_label
  from rejected_sources as r
  join metric_sheets on metric_sheets.sheet_kind = r.sheet_kind
  where r.reject_scope = 'sheet'
),
rejected_files as (
  -- a file that could not be read: its content is unknown, every metric of its year
  select
    r.year, indicators.metric, r.geo_code, 'rejected' as row_status, false as is_required, r.sheet_kind,
    r.source_file, r.source_sheet, r.source_row, r.row_label
  from rejected_sources as r
  cross join indicators
  where r.reject_scope = 'file'
),
vanished_rows as (
  -- a town's rows of a register listed last year and gone (int_vanished_sources): absent, required
  -- where they are all the town's value counts of the kind, else leaving the value incomplete
  select
    v.year, v.metric, v.geo_code, 'numerator' as role, 'absent' as row_status, v.is_required, v.sheet_kind,
    case when v.all_gone then coalesce(v.type, v.sheet_kind)
      else '部分' || coalesce(v.type, v.sheet_kind) || '（' || v.last_year || '年运营、本年未列出）' end as row_label
  from int_vanished_sources as v
),
all_rows as (
  -- the columns of few values as ENUMs from here on (warehouse/schema.ts): the rows are kept
  -- once, read twice and sorted; with texts that had been most of the lineage's cost
  select
    year, metric::lineage_metric as metric, geo_code::lineage_geo_code as geo_code, role::lineage_role as role,
    row_status::lineage_row_status as row_status, is_required, sheet_kind::lineage_sheet_kind as sheet_kind,
    source_file::lineage_source_file as source_file, source_sheet::lineage_source_sheet as source_sheet,
    source_row, row_label, column_name::lineage_column_name as column_name, source_value, contribution, multiplier, divisor
  from (
    select * from metric_rows
    union all by name select * from rejected_sheets
    union all by name select * from rejected_files
    union all by name select * from vanished_rows
  )
),
scales as (
  -- the metric's scale factors (constant per metric), for the rows of rejected sheets and files,
  -- which have none; only for the metrics those touch (the others' rows carry their own: at 100×
  -- with no rejects, a pass over all_rows saved, the lineage ≈ 0.5–1 s faster in five
  -- alternating pairs, 4 faster). Read from all_rows: metric_rows is then read once, not kept
  -- whole a second time, which took 1.2 GB at 100x.
  select metric, max(multiplier) as multiplier, max(divisor) as divisor from all_rows
  where metric in (select metric from rejected_sheets union select metric from rejected_files union select metric from vanished_rows)
  group by metric
),
delivery as (
  select year, metric, is_delivered from int_sheet_years_by_metric
),
places as (
  -- a place (town, or the district for sheets without a town column) is missing when a row
  -- its value needs is absent or has no value, or when its numerator or its denominator has
  -- loaded rows and none of them a value (林校路's one 养老机构 with 床位数 empty had made its 千人
  -- 养老机构床位数 0, ranked and judged: a zero made of nothing): nothing of that place counts.
  -- (Grouping the required rows alone had been ≈ 0.4 s less at 100×; the second rule needs them all.)
  -- A place whose every row of a sheet kind was rejected has no value of its own (indicator_base:
  -- what it has of that kind is unknown, not none), but its rows that loaded still count in the
  -- district, computed from the rows that loaded (data-contract §4; the 14th attack: 采育镇's one
  -- 福利机构 row rejected had taken its 5,852 children out of indicator 11's denominator, and a
  -- binding target read as met early).
  select
    year, metric, geo_code,
    bool_or(is_required and row_status <> 'rejected' and contribution is null)
      or (bool_or(role = 'numerator' and row_status = 'loaded' and contribution is null)
        and not bool_or(role = 'numerator' and row_status = 'loaded' and contribution is not null))
      or (bool_or(role = 'denominator' and row_status = 'loaded' and contribution is null)
        and not bool_or(role = 'denominator' and row_status = 'loaded' and contribution is not null)) as is_missing
  from all_rows
  where geo_code is not null
  group by year, metric, geo_code
),
reject_texts as (
  select distinct source_file, source_sheet, source_row, reject_scope, reject_rules, reject_messages
  from rejected_sources
),
final as (
  select
    all_rows.year,
    indicators.indicator_id,
    all_rows.metric,
    all_rows.geo_code,
    all_rows.role,
    all_rows.row_status,
    all_rows.is_required,
    all_rows.row_status = 'loaded'
      and all_rows.contribution is not null
      and coalesce(delivery.is_delivered, false)
      and (not coalesce(places.is_missing, false) or (all_rows.role = 'numerator' and unpaired.metric is not null)) as is_counted,
    all_rows.sheet_kind,
    all_rows.source_file,
    all_rows.source_sheet,
    all_rows.source_row,
    all_rows.row_label,
    all_rows.column_name,
    all_rows.source_value,
    all_rows.contribution,
    reject_texts.reject_scope::lineage_reject_scope as reject_scope,
    reject_texts.reject_rules,
    reject_texts.reject_messages,
    coalesce(all_rows.multiplier, scales.multiplier) as multiplier,
    coalesce(all_rows.divisor, scales.divisor) as divisor
  from all_rows
  join indicators on indicators.metric = all_rows.metric
  left join scales on scales.metric = all_rows.metric
  left join unpaired on unpaired.metric = all_rows.metric
  left join delivery on delivery.year = all_rows.year and delivery.metric = all_rows.metric
  left join places on places.year = all_rows.year and places.metric = all_rows.metric and places.geo_code = all_rows.geo_code
  left join reject_texts
    on all_rows.row_status = 'rejected'
    and reject_texts.source_file = all_rows.source_file
    and reject_texts.source_sheet is not distinct from all_rows.source_sheet
    and reject_texts.source_row is not distinct from all_rows.source_row
)
select * from final order by all;
comment on column indicator_lineage.year is '年度';
comment on column indicator_lineage.indicator_id is '指标序号（规划指标表）';
comment on column indicator_lineage.metric is '计算口径键（SQL 模型 ind_<metric>）';
comment on column indicator_lineage.geo_code is '这一行计入的地区：镇街编码；无镇街列的表为区编码；被拒绝且读不出镇街的行、表或文件为空（涉及全区和每个镇街）';
comment on column indicator_lineage.role is '计入分子（numerator）还是分母（denominator）；被拒绝的行为空';
comment on column indicator_lineage.row_status is '行的状态：loaded 已载入 / absent 应有而没有的镇街行或区级统计指标行，或上年有、本年没有的镇街名录行（row_label 为类型或表名） / rejected 被拒绝（见拒绝原因）';
comment on column indicator_lineage.is_required is '该地区的值离不开这一行（镇街表的镇街行、区级统计指标行）：缺少或为空时该地区的值缺失';
comment on column indicator_lineage.is_counted is '计入量是否计入公布的分子或分母（已载入、有值、当年已报送、所在地区不缺少必需的数据）；某类表的行全部被拒绝的镇街没有镇街值，其已载入的行仍计入全区';
comment on column indicator_lineage.sheet_kind is '规范工作表名称；整个文件被拒绝时为空';
comment on column indicator_lineage.source_file is '来源文件（相对输入目录）；应有而没有的行为空';
comment on column indicator_lineage.source_sheet is '来源工作表名称';
comment on column indicator_lineage.source_row is 'Excel 行号；整表或整个文件被拒绝、应有而没有的行为空';
comment on column indicator_lineage.row_label is '行的名称：设施、机构、社区村、站点、信托、事项或统计指标的名称；镇街表为空（见 geo_code）';
comment on column indicator_lineage.column_name is '所用的列（规范列名）';
comment on column indicator_lineage.source_value is '该列的值（文字形式）';
comment on column indicator_lineage.contribution is '计入分子或分母的量（未乘倍率；计数类为 1）；值为空或被拒绝时为空';
comment on column indicator_lineage.reject_scope is '被拒绝的范围：row 数据行 / sheet 整张表 / file 整个文件';
comment on column indicator_lineage.reject_rules is '拒绝规则（中文，多条以“；”分隔）';
comment on column indicator_lineage.reject_messages is '拒绝说明（与 rejects.csv 相同）';
comment on column indicator_lineage.multiplier is '倍率：指标值 = 分子 × 倍率 ÷ (分母 × 除数)';
comment on column indicator_lineage.divisor is '除数（如万人为 10000）';
