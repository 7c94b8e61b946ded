-- 每年每镇街的运营中福利机构汇总（只含有机构行的镇街）：区级精神卫生福利床位、儿童福利和未成年人救助保护床位、区级儿童福利机构数，以及床位数缺失数
create or replace view int_welfare_institutions_by_town as
with institutions as (
  select * from stg_welfare_institutions where operating_status = '运营'
),
final as (
  select
    year,
    geo_code,
    coalesce(sum(beds) filter (where institution_type = '精神卫生福利机构' and admin_level = '区级'), 0) as district_mental_health_beds,
    count(*) filter (where institution_type = '精神卫生福利机构' and admin_level = '区级' and beds is null) as district_mental_health_beds_missing,
    coalesce(sum(beds) filter (where institution_type in ('儿童福利机构', '未成年人救助保护机构')), 0) as child_welfare_beds,
    count(*) filter (where institution_type in ('儿童福利机构', '未成年人救助保护机构') and beds is null) as child_welfare_beds_missing,
    count(*) filter (where institution_type = '儿童福利机构' and admin_level = '区级') as district_child_welfare_institutions
  from institutions
  group by year, geo_code
)
select * from final;
