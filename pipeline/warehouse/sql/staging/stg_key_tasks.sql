-- 整理层：重点任务台账（每项重点任务一行），仅选列
create or replace view stg_key_tasks as
with source as (
  select * from raw_key_tasks
),
final as (
  select
    year,
    task_id,
    task_name,
    plan_section,
    lead_unit,
    goal,
    deadline,
    progress_status,
    progress_pct,
    progress_note,
    source_file,
    source_sheet,
    source_row
  from source
)
select * from final;
