/**
 * The `/docs` page: one self-contained HTML file (no CDN, no web fonts) that fetches
 * `/openapi.json` and renders it: auth notes, operations by tag, roles, parameters, schemas,
 * responses and the problem codes.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kết Nối API</title>
<link rel="alternate" type="application/json" href="/openapi.json">
<style>
  :root { --fg: #1d2430; --muted: #5b6473; --line: #dde2ea; --bg: #f6f8fb; --accent: #0b6e4f; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: #fff; }
  code, pre { font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; }
  code { background: var(--bg); padding: 0 .25em; border-radius: 3px; }
  pre { background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: .75em; overflow: auto; max-height: 28em; }
  a { color: var(--accent); }
  .layout { display: flex; min-height: 100vh; }
  nav { width: 260px; flex: none; padding: 1.25em 1em; border-right: 1px solid var(--line); background: var(--bg); position: sticky; top: 0; height: 100vh; overflow: auto; }
  nav h2 { font-size: .8em; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 1.2em 0 .3em; }
  nav ul { list-style: none; margin: 0; padding: 0; }
  nav li a { display: block; padding: .15em 0; text-decoration: none; color: var(--fg); font-size: .9em; }
  nav li a:hover { color: var(--accent); }
  main { flex: 1; min-width: 0; padding: 1.5em 2.5em 4em; max-width: 1000px; }
  h1 { margin: 0 0 .1em; }
  .tagline { color: var(--muted); margin: 0 0 1em; }
  .tag { border-top: 2px solid var(--line); margin-top: 2.5em; }
  .op { border: 1px solid var(--line); border-radius: 8px; padding: 1em 1.25em; margin: 1em 0; }
  .op h3 { margin: 0; font-size: 1.05em; display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
  .method { font: 700 12px/1 ui-monospace, monospace; color: #fff; padding: .35em .6em; border-radius: 4px; text-transform: uppercase; }
  .get { background: #2f6fb3; } .post { background: #1f8a4c; } .patch { background: #b7791f; } .delete { background: #c0392b; } .put { background: #6b46c1; }
  .summary { margin: .4em 0; }
  .roles { color: var(--muted); font-size: .9em; }
  .badge { display: inline-block; font-size: .75em; padding: .1em .5em; border-radius: 10px; background: #e6f4ee; color: var(--accent); margin-right: .3em; }
  table { border-collapse: collapse; width: 100%; margin: .5em 0; font-size: .9em; }
  th, td { text-align: left; padding: .35em .5em; border-bottom: 1px solid var(--line); vertical-align: top; }
  th { color: var(--muted); font-weight: 600; }
  details { margin: .4em 0; }
  summary { cursor: pointer; }
  .error { color: #c0392b; }
  @media (max-width: 800px) { .layout { display: block; } nav { position: static; width: auto; height: auto; } main { padding: 1em; } table { display: block; overflow-x: auto; } code { overflow-wrap: anywhere; } }
</style>
</head>
<body>
<div class="layout">
  <nav id="nav" aria-label="Contents"></nav>
  <main id="main">
    <h1>Kết Nối API</h1>
    <p class="tagline" lang="vi">Tài liệu API — đang tải /openapi.json…</p>
  </main>
</div>
<script>
(function () {
  'use strict';
  var esc = function (v) {
    return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  };
  var slug = function (s) { return 'tag-' + String(s).toLowerCase().replace(/[^a-z0-9]+/g, '-'); };
  var inline = function (s) {
    return esc(s).replace(/\`([^\`]+)\`/g, '<code>$1</code>').replace(/\\*\\*([^*]+)\\*\\*/g, '<strong>$1</strong>').replace(/(^|\\s)_([^_]+)_(?=\\s|$)/g, '$1<em>$2</em>');
  };
  var md = function (text) {
    return String(text || '').split(/\\n\\s*\\n/).map(function (block) {
      var h = /^#{1,6} (.*)/.exec(block);
      return h ? '<h3>' + inline(h[1]) + '</h3>' : '<p>' + inline(block) + '</p>';
    }).join('');
  };
  var json = function (label, schema) {
    return '<details><summary>' + esc(label) + '</summary><pre>' + esc(JSON.stringify(schema, null, 2)) + '</pre></details>';
  };

  function render(spec) {
    var deref = function (o) {
      if (!o || typeof o.$ref !== 'string' || o.$ref.indexOf('#/') !== 0) return o || {};
      return o.$ref.slice(2).split('/').reduce(function (acc, k) { return acc && acc[k]; }, spec) || {};
    };
    var info = spec.info || {};
    var ops = [];
    Object.keys(spec.paths || {}).forEach(function (path) {
      Object.keys(spec.paths[path]).forEach(function (method) {
        ops.push({ path: path, method: method, op: spec.paths[path][method] || {} });
      });
    });
    var tags = (spec.tags || []).slice();
    ops.forEach(function (o) {
      (o.op.tags || ['Other']).forEach(function (t) {
        if (!tags.some(function (x) { return x.name === t; })) tags.push({ name: t });
      });
    });

    var nav = '<h2>Overview</h2><ul><li><a href="#overview">Authentication &amp; errors</a></li><li><a href="#problems">Problem codes</a></li><li><a href="/openapi.json">openapi.json</a></li></ul>';
    var out = '<h1>' + esc(info.title) + ' <small class="roles">v' + esc(info.version) + '</small></h1>'
      + '<p class="tagline" lang="vi">Tài liệu API</p><section id="overview">' + md(info.description) + '</section>';

    tags.forEach(function (tag) {
      var mine = ops.filter(function (o) { return (o.op.tags || ['Other']).indexOf(tag.name) >= 0; });
      nav += '<h2><a href="#' + slug(tag.name) + '">' + esc(tag.name) + '</a></h2><ul>' + mine.map(function (o) {
        return '<li><a href="#' + esc(o.op.operationId) + '">' + esc(o.op.summary || o.op.operationId) + '</a></li>';
      }).join('') + '</ul>';
      out += '<section class="tag" id="' + slug(tag.name) + '"><h2>' + esc(tag.name) + '</h2>' + (tag.description ? '<p>' + inline(tag.description) + '</p>' : '')
        + mine.map(function (o) { return renderOp(o, deref); }).join('') + '</section>';
    });

    var codes = spec['x-problem-codes'] || {};
    var problem = deref({ $ref: '#/components/schemas/Problem' });
    var enumCodes = ((problem.properties || {}).code || {})['enum'] || Object.keys(codes);
    out += '<section class="tag" id="problems"><h2>Problem codes</h2><p>Every error is <code>application/problem+json</code>; branch on <code>code</code>.</p>'
      + '<table><thead><tr><th>code</th><th>English</th><th lang="vi">Tiếng Việt</th></tr></thead><tbody>'
      + enumCodes.map(function (c) {
        var t = codes[c] || {};
        return '<tr><td><code>' + esc(c) + '</code></td><td>' + esc(t.en) + '</td><td lang="vi">' + esc(t.vi) + '</td></tr>';
      }).join('') + '</tbody></table>' + json('Problem schema', problem) + '</section>';

    document.getElementById('nav').innerHTML = nav;
    document.getElementById('main').innerHTML = out;
    if (location.hash) { var el = document.getElementById(location.hash.slice(1)); if (el) el.scrollIntoView(); }
  }

  function renderOp(o, deref) {
    var op = o.op;
    var roles = Array.isArray(op['x-roles']) ? op['x-roles'].map(function (r) { return '<span class="badge">' + esc(r) + '</span>'; }).join('') : '<span class="badge">public</span>';
    var html = '<article class="op" id="' + esc(op.operationId) + '"><h3><span class="method ' + esc(o.method) + '">' + esc(o.method) + '</span><code>' + esc(o.path) + '</code></h3>'
      + '<p class="summary">' + inline(op.summary) + '</p><p class="roles">' + roles + ' ' + inline(op.description) + '</p>';
    var params = (op.parameters || []).map(deref);
    if (params.length) {
      html += '<table><thead><tr><th>Parameter</th><th>In</th><th>Required</th><th>Schema</th><th>Description</th></tr></thead><tbody>' + params.map(function (p) {
        return '<tr><td><code>' + esc(p.name) + '</code></td><td>' + esc(p['in']) + '</td><td>' + (p.required ? 'yes' : 'no') + '</td><td><code>'
          + esc(JSON.stringify(p.schema || {})) + '</code></td><td>' + inline(p.description) + '</td></tr>';
      }).join('') + '</tbody></table>';
    }
    var body = deref(op.requestBody);
    Object.keys(body.content || {}).forEach(function (type) {
      html += json('Request body (' + type + ')', body.content[type].schema);
    });
    html += '<table><thead><tr><th>Status</th><th>Response</th></tr></thead><tbody>' + Object.keys(op.responses || {}).map(function (status) {
      var r = deref(op.responses[status]);
      var content = Object.keys(r.content || {}).map(function (type) {
        var s = r.content[type].schema || {};
        return s.$ref ? '<div><code>' + esc(type) + '</code> <a href="#problems">' + esc(s.$ref.split('/').pop()) + '</a></div>' : json(type, s);
      }).join('');
      return '<tr><td><strong>' + esc(status) + '</strong></td><td>' + inline(r.description) + content + '</td></tr>';
    }).join('') + '</tbody></table>';
    return html + '</article>';
  }

  fetch('/openapi.json', { headers: { accept: 'application/json' } })
    .then(function (res) { if (!res.ok) throw new Error('HTTP ' + res.status); return res.json(); })
    .then(render)
    .catch(function (err) {
      document.getElementById('main').innerHTML = '<h1>Kết Nối API</h1><p class="error">Could not load /openapi.json: ' + esc(err && err.message) + '</p>'
        + '<p class="error" lang="vi">Không tải được /openapi.json.</p>';
    });
})();
</script>
</body>
</html>
`;
