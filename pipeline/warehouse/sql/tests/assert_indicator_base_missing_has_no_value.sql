-- indicator_base：缺失的值（没有分子）没有值和分母、必不完整；有值的行必有分子；is_complete 不为空
select *
from indicator_base
where is_complete is null
  or (numerator is null and (value is not null or denominator is not null or is_complete))
  or (value is not null and numerator is null);
