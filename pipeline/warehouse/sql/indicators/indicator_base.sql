-- 指标基础值：每年×地区×指标一行；镇街的分子、分母按镇街求和得全区（比值之和而非比值均值），值=分子×倍率÷（分母×除数），未取整
-- The one generic step. Each metric model ind_<metric> gives, per year, either one row per
-- town (geo_level 'town': summed here to the district) or one district row. Semantics:
-- - numerator / denominator are the model's own units (people, beds, communities…), unscaled;
--   a `sum` indicator has no denominator (NULL) and value = numerator × multiplier ÷ divisor;
--   a `ratio` indicator has value = numerator × multiplier ÷ (denominator × divisor).
-- - is_complete is false when an input the value needs is missing (sheet kind not delivered,
--   a town's row or cell missing, a needed facility number missing); then value, numerator
--   and denominator are all NULL. The district is complete only when every town is.
-- - A ratio whose denominator is 0 has value NULL with is_complete true (undefined, not missing
--   data); the district, summing over towns, is unaffected.
-- - Town rows are kept only for indicators whose plan level is DT; D indicators get the
--   district row alone. Indicators are joined to the plan by metric key.
create or replace table indicator_base as
with components as (
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
  select indicator_id, metric, level from ref_indicators
),
district as (
  select geo_code from ref_district
),
town_rows as (
  select
    components.year,
    components.geo_code,
    'town' as geo_level,
    indicators.indicator_id,
    indicators.level,
    components.numerator,
    components.denominator,
    components.multiplier,
    components.divisor,
    components.is_complete
  from components
  join indicators on indicators.metric = components.metric
  where components.geo_level = 'town'
),
district_from_towns as (
  select
    town_rows.year,
    district.geo_code,
    'district' as geo_level,
    town_rows.indicator_id,
    sum(town_rows.numerator) as numerator,
    sum(town_rows.denominator) as denominator,
    any_value(town_rows.multiplier) as multiplier,
    any_value(town_rows.divisor) as divisor,
    bool_and(town_rows.is_complete) as is_complete
  from town_rows
  cross join district
  group by town_rows.year, district.geo_code, town_rows.indicator_id
),
district_direct as (
  select
    components.year,
    components.geo_code,
    'district' as geo_level,
    indicators.indicator_id,
    components.numerator,
    components.denominator,
    components.multiplier,
    components.divisor,
    components.is_complete
  from components
  join indicators on indicators.metric = components.metric
  where components.geo_level = 'district'
),
all_rows as (
  select * from district_from_towns
  union all by name
  select * from district_direct
  union all by name
  select * exclude (level) from town_rows where level = 'DT'
),
final as (
  select
    year,
    geo_code,
    geo_level,
    indicator_id,
    case
      when not is_complete then null
      when denominator is null then numerator * multiplier / divisor
      when denominator = 0 then null
      else numerator * multiplier / (denominator * divisor)
    end as value,
    case when is_complete then numerator end as numerator,
    case when is_complete then denominator end as denominator,
    multiplier,
    divisor,
    is_complete
  from all_rows
)
select * from final;
comment on column indicator_base.year is '年度';
comment on column indicator_base.geo_code is '地区编码：区或镇街';
comment on column indicator_base.geo_level is '地区层级：district 全区 / town 镇街';
comment on column indicator_base.indicator_id is '指标序号（规划指标表）';
comment on column indicator_base.value is '指标值（未取整）；数据缺失或分母为 0 时为空';
comment on column indicator_base.numerator is '分子（未乘倍率，单位见指标模型说明）；数据不完整时为空';
comment on column indicator_base.denominator is '分母（未乘倍率）；求和类指标为空；数据不完整时为空';
comment on column indicator_base.multiplier is '倍率：值 = 分子 × 倍率 ÷（分母 × 除数）';
comment on column indicator_base.divisor is '除数（如 10000：以万人计）';
comment on column indicator_base.is_complete is '计算所需的数据是否齐全：否则值为空';
