/**
 * The key-task ledger's 进展状态 and 完成进度 at odds: 已完成 below 100 %, another state at
 * 100 %, 未启动 above 0. Checked as the ledger is read (a warning, task_state_progress) and
 * named by the reports' data-quality appendix; the reports count a task done when either
 * column says so (evaluate/task-state.ts).
 */
export function stateAtOdds(status: string, progress: number | null): boolean {
  if (progress === null) return false;
  return (status === '已完成' && progress < 100) || (status !== '已完成' && progress >= 100) || (status === '未启动' && progress > 0);
}

/** The state the reports count for a ledger row: 已完成 when either column says so, else the state as written. */
export function countedState(status: string, progress: number | null): string {
  return status === '已完成' || (progress !== null && progress >= 100) ? '已完成' : status;
}
