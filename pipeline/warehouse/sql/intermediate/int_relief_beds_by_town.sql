-- 每年每镇街的运营中救助床位汇总（只含有机构行的镇街）：临时救助和长期照料床位数之和，以及床位数缺失的机构数
create or replace view int_relief_beds_by_town as
with institutions as (
  select * from stg_relief_beds where operating_status = '运营'
),
final as (
  select
    year,
    geo_code,
    coalesce(sum(beds), 0) as operating_beds,
    count(*) filter (where beds is null) as operating_beds_missing
  from institutions
  group by year, geo_code
)
select * from final;
