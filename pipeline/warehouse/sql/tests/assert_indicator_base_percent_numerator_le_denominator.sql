-- indicator_base：百分比指标分子不大于分母（分子是分母的一部分时），分子分母均不为负
-- 实名注册志愿者占常住人口的比例 is the one per cent whose numerator is no part of its
-- denominator: volunteers register where they serve, residents are counted where they live,
-- and a town of commuters may have more of the first (the fifth workbook attack: a build that
-- check had passed stopped here as an internal error). A denominator of 0 gives no value
-- (missing), whatever the numerator.
select b.*, i.unit
from indicator_base as b
join ref_indicators as i using (indicator_id)
where b.numerator < 0
  or b.denominator < 0
  or (i.unit = '%' and i.metric <> 'registered_volunteer_share' and b.denominator > 0 and b.numerator > b.denominator);
