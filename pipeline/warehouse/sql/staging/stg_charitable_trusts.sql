-- 整理层：慈善信托（每个慈善信托一行），仅选列
create or replace view stg_charitable_trusts as
with source as (
  select * from raw_charitable_trusts
),
final as (
  select
    year,
    trust_name,
    filing_year,
    assets,
    status,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
