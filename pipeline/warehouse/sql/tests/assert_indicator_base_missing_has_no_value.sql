-- indicator_base：数据不完整的行没有值、分子和分母；is_complete 不为空
select *
from indicator_base
where is_complete is null
  or (not is_complete and (value is not null or numerator is not null or denominator is not null));
