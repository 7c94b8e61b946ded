// The site's SQL page (sql.html): DuckDB-WASM from the site's own assets/duckdb/; each
// table (the Arrow IPC copy of a published Parquet file: Parquet would need an extension
// downloaded from outside the site) loaded the first time a query names it; external
// access turned off, so no query can load an extension or fetch a URL; results as a table
// built with textContent. Without http (file://) the page explains and does nothing.
//
// Loading the engine shows its download progress and cannot hang: a worker that fails to
// start, a module that cannot be compiled (a Content-Security-Policy without
// 'wasm-unsafe-eval'), or no progress for STALL_MS ends in a visible error, and the next
// run tries again.
(function () {
  'use strict';

  var MAX_ROWS = 1000;
  // Give up loading when nothing has happened for this long (ms).
  var STALL_MS = 30000;
  // INSTALL / LOAD: extensions would come from outside the site, which the page never asks.
  var EXTENSION_STATEMENT = /(^|;)\s*(force\s+)?(install|load)\s/i;
  var $ = function (id) {
    return document.getElementById(id);
  };

  // DuckDB's errors are English: what each kind means for a reader of this page, in Chinese,
  // before DuckDB's own words (which name the line and position).
  var quoted = function (message, pattern) {
    var m = pattern.exec(message);
    return m ? m[1] : null;
  };
  function explainError(message) {
    var meaning;
    var name;
    var suggestion = quoted(message, /Did you mean "([^"]+)"/);
    // DuckDB's own catalog (sqlite_temp_master, pg_*, duckdb_*) is no table of this site: not suggested
    if (suggestion && /^(sqlite_|pg_|duckdb_|information_schema)/i.test(suggestion.replace(/^[^.]*\./, ''))) suggestion = null;
    var hint = suggestion ? '是否应为 ' + suggestion + '？' : '';
    if (/^Parser Error/.test(message)) {
      name = quoted(message, /at or near "([^"]*)"/);
      meaning = 'SQL 语法有误' + (name ? '（在“' + name + '”处或其附近）' : '') + '：请检查关键字的拼写、逗号、括号和引号（文字值用单引号，如 \'黄村镇\'）。';
    } else if ((name = quoted(message, /Table with name ([^ ]+) does not exist/))) {
      meaning = '没有名为 ' + name + ' 的表。' + hint + '可查询的表见本页下方“可查询的表”。';
    } else if ((name = quoted(message, /Referenced column "?([^" ]+)"? not found/))) {
      meaning = '查询中的表没有名为 ' + name + ' 的列。' + (quoted(message, /Candidate bindings: "([^"]+)"/) ? '是否应为 ' + quoted(message, /Candidate bindings: "([^"]+)"/) + '？' : '') + '各表的列见“数据下载”页的数据字典。';
    } else if (/must appear in the GROUP BY clause/.test(message)) {
      meaning = '用了汇总函数（如 sum、count、avg）时，其余不汇总的列须写在 GROUP BY 中。';
    } else if ((name = quoted(message, /(?:Scalar|Aggregate|Table) Function with name ([^ ]+) does not exist/))) {
      meaning = '没有名为 ' + name + ' 的函数。' + hint;
    } else if (/^Conversion Error/.test(message)) {
      meaning = '有值无法转换成所需的类型（例如把文字当作数值比较）：请检查比较和运算两边的类型，文字值用单引号。';
    } else if (/^Permission Error|disabled/i.test(message)) {
      meaning = '本页的查询不读取本站数据表以外的文件或网址。';
    } else if (/^Out of Memory Error/.test(message)) {
      meaning = '浏览器中的查询引擎内存不够这次查询：请加 WHERE 条件或 LIMIT 缩小范围。';
    } else if (/^Binder Error/.test(message)) {
      meaning = '查询中的表、列或函数与数据对不上（名称或类型不符）。';
    } else if (/^Catalog Error/.test(message)) {
      meaning = '查询中提到的表、视图或函数不存在。' + hint;
    } else {
      return message;
    }
    return meaning + '\nDuckDB 的原始信息：' + message;
  }

  function init() {
    var nojs = $('sql-nojs');
    var consoleEl = $('sql-console');
    if (!consoleEl) return;
    if (nojs) nojs.hidden = true;
    if (location.protocol === 'file:') {
      $('sql-file').hidden = false;
      return;
    }
    consoleEl.hidden = false;

    var form = $('sql-form');
    var input = $('sql-input');
    var runButton = $('sql-run');
    var status = $('sql-status');
    var errorEl = $('sql-error');
    var result = $('sql-result');
    var duckdbDir = new URL(consoleEl.getAttribute('data-duckdb') || 'assets/duckdb/', document.baseURI).href;

    // Tables: name -> absolute URL of its Arrow IPC file.
    var tables = {};
    document.querySelectorAll('[data-sql-table][data-sql-arrow]').forEach(function (row) {
      tables[row.getAttribute('data-sql-table')] = new URL(row.getAttribute('data-sql-arrow'), document.baseURI).href;
    });

    var engine = null;
    var registered = {};
    var running = false;

    function loadScript(src) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement('script');
        s.src = src;
        s.onload = function () {
          resolve();
        };
        s.onerror = function () {
          reject(new Error('无法加载 ' + src));
        };
        document.head.appendChild(s);
      });
    }

    var progressEl = $('sql-progress');
    var wasmBytes = Number(consoleEl.getAttribute('data-wasm-bytes')) || 0;
    var wasmFile = consoleEl.getAttribute('data-wasm');
    var workerFile = consoleEl.getAttribute('data-worker');

    function megabytes(n) {
      return (n / 1048576).toFixed(1) + ' MB';
    }

    function showProgress(loaded) {
      var total = Math.max(wasmBytes, loaded);
      status.textContent = '正在下载查询引擎 DuckDB-WASM：' + megabytes(loaded) + (total ? ' / ' + megabytes(total) : '') + '…';
      if (progressEl && total) {
        progressEl.max = total;
        progressEl.value = loaded;
        progressEl.hidden = false;
      }
    }

    // The engine: resolves to { duckdb, db, conn }, or rejects with a message to show.
    function start() {
      return new Promise(function (resolve, reject) {
        var worker = null;
        var settled = false;
        var last = Date.now();
        var alive = function () {
          last = Date.now();
        };
        var fail = function (message) {
          if (settled) return;
          settled = true;
          clearInterval(watchdog);
          if (progressEl) progressEl.hidden = true;
          if (worker) worker.terminate();
          reject(new Error(message));
        };
        var watchdog = setInterval(function () {
          if (Date.now() - last > STALL_MS) {
            fail('查询引擎 ' + Math.round(STALL_MS / 1000) + ' 秒内没有任何进展，已停止加载。请检查网络连接后重新运行；如果一直如此，请把本消息告知网站管理员。');
          }
        }, 1000);
        (async function () {
          status.textContent = '正在加载查询引擎 DuckDB-WASM…';
          if (!globalThis.Arrow) await loadScript(duckdbDir + 'arrow.min.js');
          alive();
          var duckdb;
          try {
            duckdb = await import(duckdbDir + 'duckdb-browser.mjs');
          } catch (err) {
            // the browser's own words are English and name no cause (a server sending .mjs as
            // application/octet-stream: the site review)
            fail('查询引擎的程序文件 duckdb-browser.mjs 无法加载。常见原因是网站服务器没有按 JavaScript 发送 .mjs 文件（MIME 类型应为 text/javascript），或文件缺失；请把本消息告知网站管理员（设置见网站根目录的“部署说明.txt”）。（浏览器的信息：' + ((err && err.message) || err) + '）');
            return;
          }
          alive();
          // The page's policy applies to the worker too (a portal sends the same header with
          // every file): when this page may not compile WebAssembly, neither may the worker.
          try {
            new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
          } catch (err) {
            fail('这个网页不允许运行 WebAssembly，查询引擎无法启动：网站的 Content-Security-Policy 需要在 script-src 中允许 \'wasm-unsafe-eval\'（见网站根目录的“部署说明.txt”）。（' + ((err && err.message) || err) + '）');
            return;
          }
          var features = await duckdb.getPlatformFeatures();
          if (!features.wasmExceptions) {
            fail('这个浏览器不支持查询引擎所需的 WebAssembly 异常处理（Chrome、Edge 95，Firefox 100，Safari 15.2 及以后的版本都支持）。请换用较新的浏览器。');
            return;
          }
          // A module the worker cannot fetch would fail inside it, unseen: ask first.
          var head = await fetch(duckdbDir + wasmFile, { method: 'HEAD', cache: 'no-store' });
          if (!head.ok && head.status !== 405 && head.status !== 501) {
            fail('查询引擎文件 ' + wasmFile + ' 无法下载（HTTP ' + head.status + '）。请把本消息告知网站管理员。');
            return;
          }
          alive();
          worker = new Worker(duckdbDir + workerFile);
          worker.addEventListener('error', function (ev) {
            fail('查询引擎的后台线程（Web Worker）无法启动' + (ev && ev.message ? '：' + ev.message : '。'));
          });
          worker.addEventListener('messageerror', function () {
            fail('查询引擎的后台线程（Web Worker）发来了无法读取的消息。');
          });
          var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
          showProgress(0);
          await db.instantiate(duckdbDir + wasmFile, null, function (p) {
            alive();
            showProgress(p.bytesLoaded);
          });
          alive();
          if (progressEl) progressEl.hidden = true;
          status.textContent = '正在启动查询引擎…';
          await db.open({ query: { castDecimalToDouble: true } });
          var conn = await db.connect();
          // Everything the queries need is built in: no extension downloads, no URLs, and the
          // settings locked so a query cannot turn them back on.
          await conn.query('set autoinstall_known_extensions = false');
          await conn.query('set autoload_known_extensions = false');
          await conn.query('set enable_external_access = false');
          await conn.query('set lock_configuration = true');
          if (settled) return;
          settled = true;
          clearInterval(watchdog);
          resolve({ duckdb: duckdb, db: db, conn: conn, worker: worker });
        })().catch(function (err) {
          var message = (err && err.message) || String(err);
          if (/MIME/i.test(message) && /wasm/i.test(message)) {
            message += '\n网站服务器需要按 application/wasm 发送 .wasm 文件（见网站根目录的“部署说明.txt”）。';
          }
          if (/WebAssembly/.test(message) && /Content Security Policy|unsafe-eval/i.test(message)) {
            message += '\n网站的 Content-Security-Policy 需要在 script-src 中允许 \'wasm-unsafe-eval\'（见网站根目录的“部署说明.txt”）。';
          }
          fail('查询引擎无法加载：' + message);
        });
      });
    }

    function escapeRegExp(s) {
      return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }

    // Load the tables the query names, each once.
    async function ensureTables(e, sql) {
      var names = Object.keys(tables).filter(function (name) {
        return !registered[name] && new RegExp('(^|[^A-Za-z0-9_])' + escapeRegExp(name) + '($|[^A-Za-z0-9_])', 'i').test(sql);
      });
      for (var i = 0; i < names.length; i++) {
        var name = names[i];
        status.textContent = '正在读取数据表 ' + name + '…';
        var response = await fetch(tables[name]);
        if (!response.ok) throw new Error('无法读取 ' + tables[name] + '（HTTP ' + response.status + '）');
        var bytes = new Uint8Array(await response.arrayBuffer());
        await e.conn.insertArrowFromIPCStream(bytes, { name: name, create: true });
        registered[name] = true;
      }
    }

    function cellText(v, typeId) {
      if (v === null || v === undefined) return null;
      if (typeof v === 'bigint') return v.toString();
      if (typeof v === 'number') {
        if ((typeId === 8 || typeId === 10) && isFinite(v)) {
          var iso = new Date(v).toISOString();
          return typeId === 8 ? iso.slice(0, 10) : iso.replace('T', ' ').replace(/\.000Z$|Z$/, '');
        }
        return Number.isInteger(v) ? String(v) : String(parseFloat(v.toPrecision(15)));
      }
      if (typeof v === 'boolean') return v ? 'true' : 'false';
      if (v instanceof Date) return v.toISOString();
      if (typeof v === 'string') return v;
      if (v && typeof v.toJSON === 'function') v = v.toJSON();
      return JSON.stringify(v, function (k, x) {
        return typeof x === 'bigint' ? x.toString() : x;
      });
    }

    function renderTable(table, ms) {
      result.textContent = '';
      var fields = table.schema.fields;
      var columns = fields.map(function (f, i) {
        return table.getChildAt(i);
      });
      var t = document.createElement('table');
      t.className = 'data sql-table';
      var caption = document.createElement('caption');
      var shown = Math.min(table.numRows, MAX_ROWS);
      caption.textContent = '查询结果：' + table.numRows + ' 行' + (table.numRows > MAX_ROWS ? '（显示前 ' + MAX_ROWS + ' 行）' : '');
      t.appendChild(caption);
      var thead = document.createElement('thead');
      var tr = document.createElement('tr');
      fields.forEach(function (f) {
        var th = document.createElement('th');
        th.scope = 'col';
        th.textContent = f.name;
        tr.appendChild(th);
      });
      thead.appendChild(tr);
      t.appendChild(thead);
      var tbody = document.createElement('tbody');
      for (var r = 0; r < shown; r++) {
        var row = document.createElement('tr');
        for (var c = 0; c < fields.length; c++) {
          var td = document.createElement('td');
          var v = columns[c] ? columns[c].get(r) : null;
          var text = cellText(v, fields[c].type.typeId);
          if (text === null) {
            td.className = 'sql-null';
            td.textContent = 'NULL';
          } else {
            td.textContent = text;
            if (typeof v === 'number' || typeof v === 'bigint') td.className = 'num';
          }
          row.appendChild(td);
        }
        tbody.appendChild(row);
      }
      t.appendChild(tbody);
      result.appendChild(t);
      result.hidden = false;
      status.textContent = '完成：' + table.numRows + ' 行，' + fields.length + ' 列，用时 ' + (ms / 1000).toFixed(2) + ' 秒。';
    }

    async function run() {
      if (running) return;
      var sql = input.value.trim();
      if (!sql) {
        status.textContent = '请输入 SQL 语句。';
        return;
      }
      if (EXTENSION_STATEMENT.test(sql.replace(/--[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, ''))) {
        result.hidden = true;
        status.textContent = '查询出错。';
        errorEl.textContent = '本页的查询引擎不安装、不加载扩展（INSTALL、LOAD）：网站不向外发出请求，查询所需的功能都已内置。';
        errorEl.hidden = false;
        return;
      }
      running = true;
      runButton.disabled = true;
      errorEl.hidden = true;
      errorEl.textContent = '';
      consoleEl.setAttribute('aria-busy', 'true');
      try {
        if (!engine) engine = start();
        var e;
        try {
          e = await engine;
        } catch (err) {
          engine = null;
          throw err;
        }
        await ensureTables(e, sql);
        status.textContent = '正在查询…';
        var t0 = performance.now();
        var table = await e.conn.query(sql);
        renderTable(table, performance.now() - t0);
      } catch (err) {
        result.hidden = true;
        result.textContent = '';
        status.textContent = '查询出错。';
        errorEl.textContent = explainError((err && err.message) || String(err));
        errorEl.hidden = false;
      } finally {
        running = false;
        runButton.disabled = false;
        consoleEl.removeAttribute('aria-busy');
      }
    }

    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      run();
    });
    input.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey)) {
        ev.preventDefault();
        run();
      }
    });
    document.querySelectorAll('[data-sql-run]').forEach(function (button) {
      var code = document.querySelector('[data-sql-example="' + button.getAttribute('data-sql-run') + '"]');
      if (!code) return;
      button.hidden = false;
      button.addEventListener('click', function () {
        input.value = code.textContent;
        input.focus();
        consoleEl.scrollIntoView({ block: 'start' });
        run();
      });
    });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
