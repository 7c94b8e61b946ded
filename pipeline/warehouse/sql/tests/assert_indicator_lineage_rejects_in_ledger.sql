-- indicator_lineage：每个被拒绝的来源（行、表、文件）都在拒绝清单 load_rejects 中，并带有拒绝原因
select l.*
from indicator_lineage as l
where l.row_status = 'rejected'
  and (
    l.reject_rules is null
    or not exists (
      select 1 from load_rejects as r
      where r.source_file = l.source_file
        and r.source_sheet is not distinct from l.source_sheet
        and r.source_row is not distinct from l.source_row
    )
  );
