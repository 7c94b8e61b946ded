-- 每年每镇街的存续社会工作服务机构数（只含有机构行的镇街）
create or replace view int_social_work_agencies_by_town as
with agencies as (
  select * from stg_social_work_agencies
),
final as (
  select
    year,
    geo_code,
    count(*) filter (where status = '存续') as active_agencies
  from agencies
  group by year, geo_code
)
select * from final;
