-- indicator_lineage：每个指标值的分子、分母等于其来源行中计入行的计入量之和（镇街值为该镇街的行，全区值为全部行），值等于分子×倍率÷（分母×除数）；缺失的值没有计入的行（某类表的行全部被拒绝的镇街除外：其已载入的行计入全区）
with base as (
  select * from indicator_base
),
counted as (
  select * from indicator_lineage where is_counted
),
sums as (
  -- a town value: its town's counted rows; the district value: every counted row of its year
  select
    year, indicator_id, geo_code, 'town' as geo_level,
    sum(contribution) filter (where role = 'numerator') as numerator,
    sum(contribution) filter (where role = 'denominator') as denominator,
    count(*) as counted_rows,
    any_value(multiplier) as multiplier,
    any_value(divisor) as divisor
  from counted
  group by year, indicator_id, geo_code
  union all
  select
    counted.year, counted.indicator_id, district.geo_code, 'district' as geo_level,
    sum(contribution) filter (where role = 'numerator'),
    sum(contribution) filter (where role = 'denominator'),
    count(*),
    any_value(multiplier),
    any_value(divisor)
  from counted
  cross join ref_district as district
  group by counted.year, counted.indicator_id, district.geo_code
),
rejected_kinds as (
  select distinct year, indicator_id, geo_code, sheet_kind from indicator_lineage
  where row_status = 'rejected' and geo_code is not null and sheet_kind is not null
),
lost_towns as (
  -- a town whose every row of a kind was rejected: no value of its own, its loaded rows in the district's
  select distinct k.year, k.indicator_id, k.geo_code
  from rejected_kinds as k
  where not exists (
    select 1 from indicator_lineage as l
    where l.year = k.year and l.indicator_id = k.indicator_id and l.geo_code = k.geo_code and l.sheet_kind = k.sheet_kind and l.row_status = 'loaded'
  )
),
compared as (
  select
    base.*,
    coalesce(sums.numerator, 0) as lineage_numerator,
    coalesce(sums.denominator, 0) as lineage_denominator,
    coalesce(sums.counted_rows, 0) as counted_rows,
    sums.multiplier,
    sums.divisor
  from base
  left join sums
    on sums.year = base.year and sums.indicator_id = base.indicator_id and sums.geo_code = base.geo_code and sums.geo_level = base.geo_level
),
expected as (
  select
    *,
    case
      when numerator is null then null
      when denominator is null then lineage_numerator * coalesce(multiplier, 1) / coalesce(divisor, 1)
      when lineage_denominator = 0 then null
      else lineage_numerator * coalesce(multiplier, 1) / (lineage_denominator * coalesce(divisor, 1))
    end as lineage_value
  from compared
),
final as (
  select *
  from expected
  where (numerator is null and counted_rows > 0
      and not (geo_level = 'town' and exists (select 1 from lost_towns as t where t.year = expected.year and t.indicator_id = expected.indicator_id and t.geo_code = expected.geo_code)))
    or abs(numerator - lineage_numerator) > 1e-9 * greatest(1, abs(numerator))
    or abs(denominator - lineage_denominator) > 1e-9 * greatest(1, abs(denominator))
    or (value is null) <> (lineage_value is null)
    or abs(value - lineage_value) > 1e-9 * greatest(1, abs(value))
)
select * from final;
