/**
 * The error type of the library: something the user must fix (input, arguments,
 * configuration), with a Chinese message and the exit code the CLI ends with. Thrown
 * anywhere; caught in one place, the CLI entry (cli.ts).
 */

export const EXIT = {
  ok: 0,
  /** Unexpected failure (a bug, a missing system dependency). */
  failure: 1,
  /** Input data has rejected rows or files and the build was not told to accept them. */
  rejects: 2,
  /** The command line itself was wrong. */
  usage: 64,
  /** Configuration (plan, geography, contract) is invalid. */
  config: 78,
} as const;

export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failure) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** A configuration file (plan, geography) that does not hold what it must. */
export class ConfigError extends UserError {
  constructor(message: string) {
    super(message, EXIT.config);
    this.name = 'ConfigError';
  }
}

/**
 * Why a file or folder could not be read (or, with `doing` 写入, written), in words for the
 * office (`没有读取权限`), from a file-system error's code; the code itself for a rare one (`EMFILE`).
 */
export function fileSystemReason(e: unknown, doing: '读取' | '写入' = '读取'): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `没有${doing}权限`;
    case 'ENOENT':
      return doing === '读取' ? '找不到（可能在读取时被移走、改名或删除，或文件名的编码无法识别）' : '上级文件夹不存在，或不能在其中新建文件夹';
    case 'EISDIR':
      return '是文件夹，不是文件';
    case 'ENOTDIR':
      return doing === '读取' ? '不是文件夹' : '路径中有一段是文件，不是文件夹';
    case 'EEXIST':
      return '已有同名的文件';
    case 'EIO':
      return `磁盘${doing}出错`;
    case 'EROFS':
      return '所在的磁盘是只读的';
    case 'ENOSPC':
      return '磁盘已满';
    case 'ELOOP':
      return '是循环的链接';
    case 'ENAMETOOLONG':
      return '路径太长';
    case 'EBUSY':
      return '正被其他程序占用';
    default:
      return `系统错误 ${code ?? ''}`.trim();
  }
}
