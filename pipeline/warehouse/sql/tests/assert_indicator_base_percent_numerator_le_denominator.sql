-- indicator_base：百分比指标分子不大于分母，分子分母均不为负
select b.*, i.unit
from indicator_base as b
join ref_indicators as i using (indicator_id)
where b.numerator < 0
  or b.denominator < 0
  or (i.unit = '%' and b.numerator > b.denominator);
