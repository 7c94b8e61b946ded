-- indicator_base：求和类指标没有分母，比值类指标有值可算时有分母（指标模型与规划指标表的汇总方式一致）
select b.*, i.aggregation
from indicator_base as b
join ref_indicators as i using (indicator_id)
where (i.aggregation = 'sum' and b.denominator is not null)
  or (i.aggregation = 'ratio' and b.numerator is not null and b.denominator is null);
