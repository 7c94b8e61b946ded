-- 基层慈善服务站点对社区覆盖率的来源行：每个存续社区村计入分母 1，有慈善服务站点的存续社区村计入分子 1（同一社区村的其他站点计 0），值=分子÷分母×100
-- Denominator: each existing community (社区村名录, 状态 = 存续). Numerator: the 慈善服务站点 rows in
-- an existing community, the first of each community 1 and any further one 0 (a community is
-- covered once). A lost roster row counts unless it says revoked; a lost 慈善服务站点 row counts
-- unless it names an existing community already covered, or its town has none uncovered.
create or replace view ind_charity_station_coverage as
with communities as (
  select * from stg_communities where status = '存续'
),
stations as (
  select
    s.*,
    row_number() over (partition by s.year, s.geo_code, s.community_name order by s.source_file, s.source_sheet, s.source_row) as nth
  from stg_charity_stations as s
  join communities as c on c.year = s.year and c.geo_code = s.geo_code and c.community_name = s.community_name
  where true
),
uncovered as (
  select c.year, c.geo_code, c.community_name
  from communities as c
  left join stations as s on s.year = c.year and s.geo_code = c.geo_code and s.community_name = c.community_name
  where s.community_name is null
),
rejected_communities as (
  select * from int_rejected_sources
  where reject_scope = 'row' and sheet_kind = '社区村名录'
    and coalesce(row_values->>'status' = '存续', true)
),
rejected_stations as (
  select r.*
  from int_rejected_sources as r
  where r.reject_scope = 'row' and r.sheet_kind = '慈善服务站点'
    and (
      exists (
        select 1 from uncovered as u
        where u.year = r.year and u.geo_code = r.geo_code and u.community_name = r.row_values->>'community_name'
      )
      or (
        not exists (
          select 1 from communities as c
          where c.year = r.year and c.geo_code = r.geo_code and c.community_name = r.row_values->>'community_name'
        )
        and (r.geo_code is null or exists (select 1 from uncovered as u where u.year = r.year and u.geo_code = r.geo_code))
      )
    )
),
lineage as (
  select
    year, geo_code, 'denominator' as role, 'loaded' as row_status, '社区村名录' as sheet_kind,
    source_file, source_sheet, source_row, community_name as row_label,
    '状态' as column_name, status as source_value, cast(1 as double) as contribution
  from communities
  union all by name
  select
    year, geo_code, 'numerator' as role, 'loaded' as row_status, '慈善服务站点' as sheet_kind,
    source_file, source_sheet, source_row, station_name as row_label,
    '社区村名称' as column_name, community_name as source_value,
    cast(case when nth = 1 then 1 else 0 end as double) as contribution
  from stations
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected_communities
  union all by name
  select year, geo_code, 'rejected' as row_status, false as is_required, sheet_kind, source_file, source_sheet, source_row, row_label
  from rejected_stations
),
final as (
  select
    year,
    'charity_station_coverage' as metric,
    geo_code,
    role,
    row_status,
    coalesce(is_required, false) as is_required,
    sheet_kind,
    source_file,
    source_sheet,
    source_row,
    row_label,
    column_name,
    source_value,
    contribution,
    cast(100 as double) as multiplier,
    cast(1 as double) as divisor
  from lineage
)
select * from final;
