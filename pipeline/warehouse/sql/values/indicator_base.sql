-- 指标基础值：每年×地区×指标一行，由 indicator_lineage 中计入的行求和：镇街的分子、分母按镇街求和得全区（比值之和而非比值均值），值=分子×倍率÷（分母×除数），未取整
-- The one generic step, from the lineage (data-contract §4, evaluation.md):
-- - A place (a town, or the district for sheets without a town column) is missing when a
--   row it needs is absent or empty, or when its numerator or denominator has loaded rows and
--   none of them a value (never a zero made of empty cells), or when every row it had of a
--   sheet kind was rejected (never a zero for what is missing); its rows count nowhere, but for
--   the last rule: a town whose rows of a kind were all rejected has no value, and its rows
--   that loaded count in the district (computed from the rows that loaded). A town value is missing when
--   its place is; the district value when nothing is left to compute from (some place is
--   missing and no other place has a loaded row). Every value is missing when the metric's
--   sheets were not delivered that year. Missing: value, numerator, denominator NULL.
-- - Otherwise the value is computed from the counted rows, and is complete only when
--   nothing in its scope is lost: no missing place, no row whose needed value is empty, no
--   rejected row, sheet or file that could have counted (for a town: its own and those whose
--   town is unknown; for the district: all). An incomplete value is published, marked.
-- - numerator / denominator are in the metric's own units, unscaled; a `sum` indicator has
--   no denominator (NULL); value = numerator × multiplier ÷ (denominator × divisor), or
--   numerator × multiplier ÷ divisor for a sum. A ratio whose denominator is 0 has value
--   NULL (undefined, not missing data).
-- - Town rows only for indicators whose plan level is DT; D indicators get the district row.
create or replace table indicator_base as
with lineage as (
  select * from indicator_lineage
),
indicators as (
  select indicator_id, metric, level, aggregation from ref_indicators
),
delivery as (
  select year, metric, is_delivered from int_sheet_years_by_metric
),
years as (
  select year from load_years
),
district as (
  select geo_code from ref_district
),
town_years as (
  select year, geo_code from int_town_year
),
scales as (
  select indicator_id, max(multiplier) as multiplier, max(divisor) as divisor
  from lineage
  group by indicator_id
),
rejected_kinds as (
  select distinct year, indicator_id, geo_code, sheet_kind from lineage
  where row_status = 'rejected' and geo_code is not null and sheet_kind is not null
),
kept_kinds as (
  select distinct k.year, k.indicator_id, k.geo_code, k.sheet_kind
  from lineage as l
  join rejected_kinds as k on k.year = l.year and k.indicator_id = l.indicator_id and k.geo_code = l.geo_code and k.sheet_kind = l.sheet_kind
  where l.row_status = 'loaded'
),
lost_places as (
  -- as indicator_lineage's: a place whose every row of a sheet kind was rejected is missing, not 0
  select distinct year, indicator_id, geo_code from (
    select year, indicator_id, geo_code, sheet_kind from rejected_kinds
    except
    select year, indicator_id, geo_code, sheet_kind from kept_kinds
  )
),
places as (
  select
    year,
    indicator_id,
    geo_code,
    sum(contribution) filter (where is_counted and role = 'numerator') as numerator,
    sum(contribution) filter (where is_counted and role = 'denominator') as denominator,
    -- as indicator_lineage's places: a needed row empty, or a numerator or denominator of loaded rows none of which has a value
    bool_or(is_required and row_status <> 'rejected' and contribution is null)
      or (bool_or(role = 'numerator' and row_status = 'loaded' and contribution is null)
        and not bool_or(role = 'numerator' and row_status = 'loaded' and contribution is not null))
      or (bool_or(role = 'denominator' and row_status = 'loaded' and contribution is null)
        and not bool_or(role = 'denominator' and row_status = 'loaded' and contribution is not null))
      or bool_or(lost_places.geo_code is not null) as is_missing,
    -- a row with no value, or one that should be there and is not, that the place can do without:
    -- the value stands on the others and is incomplete (a revoked village left out of the roster)
    bool_or(not is_required and contribution is null and row_status in ('loaded', 'absent')) as has_unknown_value,
    bool_or(row_status = 'rejected') as has_reject,
    count(*) filter (where row_status = 'loaded') as rows_loaded
  from lineage
  left join lost_places using (year, indicator_id, geo_code)
  where geo_code is not null
  group by year, indicator_id, geo_code
),
anywhere as (
  -- lost rows, sheets and files whose town is unknown touch every town and the district
  select year, indicator_id, true as has_reject
  from lineage
  where geo_code is null
  group by year, indicator_id
),
scopes as (
  select town_years.year, indicators.indicator_id, town_years.geo_code, 'town' as geo_level
  from town_years cross join indicators
  where indicators.level = 'DT'
  union all
  select years.year, indicators.indicator_id, district.geo_code, 'district' as geo_level
  from years cross join indicators cross join district
),
town_scope as (
  select
    scopes.year, scopes.indicator_id, scopes.geo_code,
    places.numerator,
    places.denominator,
    coalesce(places.is_missing, false) as is_missing,
    coalesce(places.is_missing or places.has_unknown_value or places.has_reject, false) as is_lost
  from scopes
  left join places on places.year = scopes.year and places.indicator_id = scopes.indicator_id and places.geo_code = scopes.geo_code
  where scopes.geo_level = 'town'
),
district_scope as (
  select
    places.year, places.indicator_id,
    sum(places.numerator) as numerator,
    sum(places.denominator) as denominator,
    bool_or(places.is_missing) and coalesce(sum(places.rows_loaded) filter (where not places.is_missing), 0) = 0 as is_missing,
    bool_or(places.is_missing or places.has_unknown_value or places.has_reject) as is_lost
  from places
  group by places.year, places.indicator_id
),
scoped as (
  select year, indicator_id, geo_code, 'town' as geo_level, numerator, denominator, is_missing, is_lost
  from town_scope
  union all
  select scopes.year, scopes.indicator_id, scopes.geo_code, 'district', d.numerator, d.denominator,
    coalesce(d.is_missing, false), coalesce(d.is_lost, false)
  from scopes
  left join district_scope as d on d.year = scopes.year and d.indicator_id = scopes.indicator_id
  where scopes.geo_level = 'district'
),
judged as (
  select
    scoped.year,
    scoped.geo_code,
    scoped.geo_level,
    scoped.indicator_id,
    indicators.aggregation,
    -- constant per metric; a metric without any lineage row has value 0 (sum) or none (0 ÷ 0) whatever its scale
    coalesce(scales.multiplier, 1) as multiplier,
    coalesce(scales.divisor, 1) as divisor,
    not coalesce(delivery.is_delivered, false) or scoped.is_missing as is_missing,
    coalesce(delivery.is_delivered, false) and not scoped.is_lost and anywhere.has_reject is null as is_complete,
    coalesce(scoped.numerator, 0) as numerator,
    case when indicators.aggregation = 'ratio' then coalesce(scoped.denominator, 0) end as denominator
  from scoped
  join indicators on indicators.indicator_id = scoped.indicator_id
  left join delivery on delivery.year = scoped.year and delivery.metric = indicators.metric
  left join anywhere on anywhere.year = scoped.year and anywhere.indicator_id = scoped.indicator_id
  left join scales on scales.indicator_id = scoped.indicator_id
),
final as (
  select
    year,
    geo_code,
    geo_level,
    indicator_id,
    case
      when is_missing then null
      when denominator is null then numerator * multiplier / divisor
      when denominator = 0 then null
      else numerator * multiplier / (denominator * divisor)
    end as value,
    case when not is_missing then numerator end as numerator,
    case when not is_missing then denominator end as denominator,
    multiplier,
    divisor,
    is_complete
  from judged
)
select * from final;
comment on column indicator_base.year is '年度';
comment on column indicator_base.geo_code is '地区编码：区或镇街';
comment on column indicator_base.geo_level is '地区层级：district 全区 / town 镇街';
comment on column indicator_base.indicator_id is '指标序号（规划指标表）';
comment on column indicator_base.value is '指标值（未取整），由 indicator_lineage 中计入的行算出；数据缺失或分母为 0 时为空';
comment on column indicator_base.numerator is '分子（未乘倍率，单位见指标模型说明）；数据缺失时为空';
comment on column indicator_base.denominator is '分母（未乘倍率）；求和类指标为空；数据缺失时为空';
comment on column indicator_base.multiplier is '倍率：值 = 分子 × 倍率 ÷（分母 × 除数）';
comment on column indicator_base.divisor is '除数（如 10000：以万人计）';
comment on column indicator_base.is_complete is '计算所需的数据是否齐全：否则值由已载入的行算出（可能偏低），或在缺少必需数据时为空';
