// The site's SQL page (sql.html): DuckDB-WASM from the site's own assets/duckdb/; each
// table (the Arrow IPC copy of a published Parquet file: Parquet would need an extension
// downloaded from outside the site) loaded the first time a query names it; external
// access turned off, so no query can load an extension or fetch a URL; results as a table
// built with textContent. Without http (file://) the page explains and does nothing.
(function () {
  'use strict';

  var MAX_ROWS = 1000;
  var $ = function (id) {
    return document.getElementById(id);
  };

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

    async function start() {
      status.textContent = '正在加载查询引擎 DuckDB-WASM（首次约 35 MB）…';
      if (!globalThis.Arrow) await loadScript(duckdbDir + 'arrow.min.js');
      var duckdb = await import(duckdbDir + 'duckdb-browser.mjs');
      var bundle = await duckdb.selectBundle({
        mvp: { mainModule: duckdbDir + 'duckdb-mvp.wasm', mainWorker: duckdbDir + 'duckdb-browser-mvp.worker.js' },
        eh: { mainModule: duckdbDir + 'duckdb-eh.wasm', mainWorker: duckdbDir + 'duckdb-browser-eh.worker.js' },
      });
      var worker = new Worker(bundle.mainWorker);
      var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
      await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
      await db.open({ query: { castDecimalToDouble: true } });
      var conn = await db.connect();
      // Everything the queries need is built in: no extension downloads, no URLs, and the
      // settings locked so a query cannot turn them back on.
      await conn.query('set autoinstall_known_extensions = false');
      await conn.query('set autoload_known_extensions = false');
      await conn.query('set enable_external_access = false');
      await conn.query('set lock_configuration = true');
      return { duckdb: duckdb, db: db, conn: conn };
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
        errorEl.textContent = (err && err.message) || String(err);
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
