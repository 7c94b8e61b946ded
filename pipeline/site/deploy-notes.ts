/**
 * 部署说明.txt at the site's root: what the portal's web server needs — the MIME types of the
 * kinds of file the site has, the precompressed copies beside them, the Content-Security-Policy
 * header — and how big the site is. The web team gets the folder, not the program's README (the
 * site review: served with .mjs and .wasm as application/octet-stream, the SQL page failed with
 * nothing to tell them why). Written last, from the files as they are, so its figures are this
 * site's; the same site gives the same bytes.
 */
import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { formatFileSize, formatNumber } from '../basics/format.ts';
import { siteCsp } from '../present/page-frame.ts';
import { loadPublication } from '../present/publication.ts';
import { MIME_TYPES } from '../basics/mime.ts';
import { PRECOMPRESSED_TYPES } from './precompress.ts';
import { DUCKDB_ASSET_DIR } from './sql.ts';

export const DEPLOY_NOTES_PATH = '部署说明.txt';

interface SiteSize {
  files: number;
  bytes: number;
  pdfBytes: number;
  engineBytes: number;
  copies: number;
  extensions: string[];
}

/** The site's files (the notes and the precompressed copies apart), by what they are. */
function siteSize(siteDir: string): SiteSize {
  const size: SiteSize = { files: 0, bytes: 0, pdfBytes: 0, engineBytes: 0, copies: 0, extensions: [] };
  const extensions = new Set<string>();
  for (const rel of (readdirSync(siteDir, { recursive: true }) as string[]).map((p) => p.split('\\').join('/')).sort()) {
    const st = statSync(join(siteDir, rel));
    if (!st.isFile() || rel === DEPLOY_NOTES_PATH) continue;
    if (/\.(br|gz)$/.test(rel)) {
      size.copies += 1;
      continue;
    }
    size.files += 1;
    // a DuckDB file's size differs by a block from one write of the same tables to the next: left
    // out of the sum, so that the same site gives the same notes (downloads.ts states none either)
    if (!rel.endsWith('.duckdb')) size.bytes += st.size;
    if (rel.endsWith('.pdf')) size.pdfBytes += st.size;
    if (rel.startsWith(`${DUCKDB_ASSET_DIR}/`)) size.engineBytes += st.size;
    const ext = extname(rel).toLowerCase();
    if (ext) extensions.add(ext);
  }
  size.extensions = [...extensions].sort();
  return size;
}

/** The text of 部署说明.txt for the site in `siteDir` (CRLF line ends: it is opened in Notepad as often as not). */
export function deployNotes(siteDir: string, siteTitle: string): string {
  const s = siteSize(siteDir);
  const sources = loadPublication().scriptSources;
  const csp = siteCsp(sources);
  const width = Math.max(0, ...s.extensions.map((e) => e.length));
  const parts = [s.pdfBytes ? `PDF 报告 ${formatFileSize(s.pdfBytes)}` : '', s.engineBytes ? `SQL 查询引擎 ${formatFileSize(s.engineBytes)}` : ''].filter(Boolean);
  const aside = [parts.length ? `其中 ${parts.join('，')}` : '', s.extensions.includes('.duckdb') ? '不计 .duckdb 数据库文件' : ''].filter(Boolean).join('，');
  const lines = [
    `${siteTitle}网站 部署说明`,
    '',
    '本文件夹是一个静态网站。把整个文件夹复制到门户网站的任意路径下即可（如 /minzheng/guihua/），不需要数据库或服务器端程序：网页之间全部用相对链接，不向其他网站发出任何请求。不经 Web 服务器、直接从磁盘打开也能阅读，只有 SQL 查询页面需要通过 Web 服务器访问。',
    '',
    `规模：${formatNumber(s.files)} 个文件，共 ${formatFileSize(s.bytes)}${aside ? `（${aside}）` : ''}；另有预压缩副本 ${formatNumber(s.copies)} 个（.br、.gz，见下）。`,
    '',
    'Web 服务器需要的设置：',
    '',
    '一、MIME 类型（按扩展名；本网站用到的全部种类）',
    ...s.extensions.map((e) => `    ${e.padEnd(width)}  ${MIME_TYPES[e] ?? 'application/octet-stream'}`),
    '    .mjs 常被漏配：SQL 查询页面的查询引擎是 .mjs 文件，必须按 JavaScript 发送；.wasm 必须是 application/wasm，否则浏览器拒绝编译查询引擎。',
    '',
    '二、预压缩副本',
    `    每个 1 KB 以上的 ${PRECOMPRESSED_TYPES.join('、')} 文件旁边都有 .br（brotli）和 .gz（gzip）副本。浏览器请求头 Accept-Encoding 含 br（或 gzip）时，发送“文件名.br”（“.gz”），加响应头 Content-Encoding: br（gzip）和 Vary: Accept-Encoding，Content-Type 按原文件（nginx 的写法见四）。服务器不支持时直接发送原文件也能用，只是传输更多。`,
    '',
    '三、Content-Security-Policy 响应头',
    '    每个文件都发送下面这个响应头（与各网页 <meta> 中的策略相同；SQL 查询页面的后台线程只认响应头，所以其中的 \'wasm-unsafe-eval\' 不能省）：',
    `    Content-Security-Policy: ${csp}`,
    `    门户需要时可以再加 frame-ancestors。各网页的 <meta> 策略只允许本网站${sources.length ? `和 ${sources.join('、')} ` : '自己'}的脚本，门户在网页中插入的其他来源的脚本（如访问统计）会被浏览器拦截；确需插入时，请把脚本所在的网站地址告知评估办公室，由其写入 data/text/publication.json 的 scriptSources 后重新生成网站，不要逐个修改网页。`,
    '',
    '四、nginx 配置示例（以 /minzheng/guihua/ 为例；brotli_static 需要 ngx_brotli 模块，没有时删去该行，gzip_static 需要 ngx_http_gzip_static_module）',
    '    先确认 nginx 的 mime.types 的 types 块中有 “text/javascript mjs;” 和 “application/wasm wasm;” 两行（较早的版本没有，补上即可），然后：',
    '    location /minzheng/guihua/ {',
    '        brotli_static on;',
    '        gzip_static on;',
    `        add_header Content-Security-Policy "${csp}" always;`,
    '        add_header Cache-Control "no-cache" always;',
    '    }',
    '    文件名不带版本号，更新后内容会变，所以用 Cache-Control: no-cache（浏览器每次向服务器确认，未变时不重新下载）；也可只对 assets/ 下的文件设置较长的缓存时间。',
    '',
    '五、其他',
    '    网页、数据文件的文件名和路径不要改动（页面之间、页面与下载文件之间按相对路径链接）。更新时用新生成的整个文件夹替换旧的。',
    `    本说明（${DEPLOY_NOTES_PATH}）在网站根目录，随网站一起复制；如不希望公开，部署时可以删去，网站的其他文件不引用它。`,
    '',
  ];
  return lines.join('\r\n');
}
