'use strict';
// Shared by every page: filters in the query string, one JSON call per page, number formats,
// ECharts set-up, empty states. Data goes into the DOM through textContent only.
(function () {
  const FILTERS = ['from', 'to', 'org', 'repo', 'team'];
  const GMA = (window.GMA = {});

  GMA.params = function () {
    const current = new URLSearchParams(window.location.search);
    const out = new URLSearchParams();
    FILTERS.forEach(function (k) {
      const v = current.get(k);
      if (v) out.set(k, v);
    });
    return out;
  };

  GMA.fetchJson = async function (path) {
    const response = await fetch(path, { headers: { Accept: 'application/json' } });
    let body;
    try {
      body = await response.json();
    } catch (e) {
      body = { errors: ['the server answered ' + response.status + ' without JSON'] };
    }
    if (!response.ok) {
      const error = new Error((body.errors || ['HTTP ' + response.status]).join('; '));
      error.messages = body.errors || [];
      throw error;
    }
    return body;
  };

  GMA.el = function (id) {
    return document.getElementById(id);
  };

  GMA.text = function (node, text, raw) {
    node.textContent = text;
    node.dataset.value = raw === null || raw === undefined ? '' : String(raw);
    return node;
  };

  GMA.fmtHours = function (h) {
    if (h === null || h === undefined) return '–';
    if (h < 1) return Math.round(h * 60) + ' min';
    if (h < 48) return h.toFixed(1) + ' h';
    return (h / 24).toFixed(1) + ' days';
  };

  GMA.fmtSeconds = function (s) {
    if (s === null || s === undefined) return '–';
    if (s < 60) return Math.round(s) + ' s';
    const m = Math.floor(s / 60);
    const rest = Math.round(s - m * 60);
    if (m < 60) return m + ' min ' + rest + ' s';
    return GMA.fmtHours(s / 3600);
  };

  GMA.fmtPercent = function (r) {
    if (r === null || r === undefined) return '–';
    return (r * 100).toFixed(1) + '%';
  };

  GMA.fmtNumber = function (n, digits) {
    if (n === null || n === undefined) return '–';
    return digits ? n.toFixed(digits) : String(n);
  };

  GMA.fmtTime = function (iso) {
    if (!iso) return '–';
    return iso.replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
  };

  GMA.round = function (v, digits) {
    if (v === null || v === undefined) return null;
    const f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  };

  /** Week axis labels: "MM-DD" of the week's Monday (the data keeps the full date). */
  GMA.WEEK_LABELS = { formatter: function (v) { return String(v).substring(5); }, hideOverlap: true };

  /** An ECharts chart in the element with this id; no animation, so what is drawn is final at once. */
  GMA.chart = function (id, option) {
    const node = GMA.el(id);
    const chart = echarts.init(node, null, { renderer: 'canvas' });
    chart.setOption(Object.assign({ animation: false, grid: { left: 48, right: 16, top: 24, bottom: 32 } }, option));
    window.addEventListener('resize', function () { chart.resize(); });
    return chart;
  };

  /** An empty state: what is missing and what to do about it (html is a constant of the page). */
  GMA.empty = function (id, key, title, html) {
    const node = GMA.el(id);
    node.innerHTML = '';
    const box = document.createElement('div');
    box.className = 'empty';
    box.dataset.empty = key;
    const h = document.createElement('h3');
    h.textContent = title;
    const p = document.createElement('div');
    p.innerHTML = html;
    box.appendChild(h);
    box.appendChild(p);
    node.appendChild(box);
  };

  GMA.NO_DEPLOYMENTS = 'Deployments reach the dashboard in three ways: <b>GitHub deployments</b> (subscribe the App to ' +
    '<code>deployment</code> and <code>deployment_status</code> events; a workflow job with <code>environment:</code> creates them), ' +
    '<b><code>gma-event</code></b> reports of deployments made by other tools, or a <b>backfill</b> of the repository\'s history. ' +
    'Only environments whose name starts with "prod" count for DORA.';

  GMA.row = function (tbody, cells) {
    const tr = document.createElement('tr');
    cells.forEach(function (c) {
      const td = document.createElement('td');
      if (c instanceof Node) td.appendChild(c); else td.textContent = c === null || c === undefined ? '–' : String(c);
      tr.appendChild(td);
    });
    tbody.appendChild(tr);
    return tr;
  };

  GMA.link = function (href, label) {
    if (!href || !(/^https:\/\//.test(href) || /^\/logs\?uri=/.test(href))) {
      const span = document.createElement('span');
      span.textContent = label;
      return span;
    }
    const a = document.createElement('a');
    a.href = href;
    a.textContent = label;
    a.rel = 'noopener noreferrer';
    a.target = '_blank';
    return a;
  };

  function option(select, value, label) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = label;
    select.appendChild(o);
  }

  function fillFilters(filters, applied) {
    const params = GMA.params();
    GMA.el('f-from').value = applied ? applied.from : (params.get('from') || '');
    GMA.el('f-to').value = applied ? applied.to : (params.get('to') || '');
    (filters.organizations || []).forEach(function (o) { option(GMA.el('f-org'), o, o); });
    (filters.repositories || []).forEach(function (r) { option(GMA.el('f-repo'), r, r); });
    Object.keys(filters.teams || {}).forEach(function (t) {
      option(GMA.el('f-team'), t, t + ' (' + filters.teams[t].length + ')');
    });
    ['org', 'repo', 'team'].forEach(function (k) { GMA.el('f-' + k).value = params.get(k) || ''; });
    if (applied) {
      GMA.el('range').textContent = applied.from + ' – ' + applied.to + (applied.team ? ' · team ' + applied.team : '');
    }
    if (Object.keys(filters.teams || {}).length === 0) {
      GMA.el('f-team').title = 'No teams: write team,owner/repository lines to the teams file (docs/dashboard.md)';
    }
  }

  function keepFiltersInLinks() {
    const query = GMA.params().toString();
    document.querySelectorAll('nav a').forEach(function (a) {
      a.href = a.getAttribute('href').split('?')[0] + (query ? '?' + query : '');
    });
  }

  function showErrors(messages) {
    const box = GMA.el('errors');
    box.hidden = false;
    box.innerHTML = '';
    messages.forEach(function (m) {
      const p = document.createElement('p');
      p.textContent = m;
      box.appendChild(p);
    });
  }

  GMA.start = async function (page, render) {
    keepFiltersInLinks();
    GMA.el('filters').addEventListener('submit', function (event) {
      event.preventDefault();
      const next = new URLSearchParams();
      FILTERS.forEach(function (k) {
        const v = new FormData(GMA.el('filters')).get(k);
        if (v) next.set(k, v);
      });
      window.location.search = next.toString();
    });
    const query = GMA.params().toString();
    try {
      const results = await Promise.all([GMA.fetchJson('/api/filters'), GMA.fetchJson('/api/' + page + (query ? '?' + query : ''))]);
      fillFilters(results[0], results[1].filter);
      render(results[1]);
      document.body.dataset.state = 'ready';
    } catch (e) {
      try {
        fillFilters(await GMA.fetchJson('/api/filters'), null);
      } catch (ignored) { /* the first error is the one to show */ }
      showErrors(e.messages && e.messages.length ? e.messages : [String(e.message || e)]);
      document.body.dataset.state = 'error';
    }
  };
})();
