'use strict';
GMA.start('dora', function (d) {
  GMA.el('edition').textContent = d.edition;
  const m = d.metrics;
  const weeks = function (metric) { return metric.trend.map(function (p) { return p.week; }); };

  function card(key, display, detail) {
    const node = document.querySelector('[data-metric="' + key + '"]');
    GMA.text(node.querySelector('[data-role="value"]'), display, m[key].value);
    const level = node.querySelector('[data-role="level"]');
    level.textContent = m[key].level ? m[key].level.charAt(0).toUpperCase() + m[key].level.slice(1) : 'No data';
    level.dataset.level = m[key].level || '';
    level.className = 'level level-' + (m[key].level || 'none');
    node.querySelector('[data-role="detail"]').textContent = detail;
  }

  const df = m.deployment_frequency;
  card('deployment_frequency', GMA.fmtNumber(df.value, 1), df.deployments + ' production deployments in ' + d.filter.days + ' days');
  const lt = m.lead_time;
  card('lead_time', GMA.fmtHours(lt.value), lt.changes + ' changes deployed' + (lt.p90_hours !== null ? ' · p90 ' + GMA.fmtHours(lt.p90_hours) : ''));
  const cfr = m.change_failure_rate;
  card('change_failure_rate', GMA.fmtPercent(cfr.value), cfr.failed_deployments + ' failed + ' + cfr.deployments_with_incident
    + ' with an incident, of ' + cfr.deployments + ' completed');
  const ttr = m.time_to_restore;
  card('time_to_restore', GMA.fmtHours(ttr.value), ttr.restored + ' of ' + ttr.failures + ' failures restored' + (ttr.open ? ' · ' + ttr.open + ' still open' : ''));

  function trend(key, type, values, axisLabel) {
    GMA.chart('chart-' + key, {
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: weeks(m[key]), axisLabel: GMA.WEEK_LABELS },
      yAxis: { type: 'value', axisLabel: { formatter: axisLabel } },
      series: [{ name: key, type: type, data: values, connectNulls: true, itemStyle: { color: '#3b6fd8' } }]
    });
  }
  trend('deployment_frequency', 'bar', df.trend.map(function (p) { return p.value; }), '{value}');
  trend('lead_time', 'line', lt.trend.map(function (p) { return GMA.round(p.value, 3); }), '{value} h');
  trend('change_failure_rate', 'line', cfr.trend.map(function (p) { return p.value === null ? null : GMA.round(p.value * 100, 1); }), '{value}%');
  trend('time_to_restore', 'line', ttr.trend.map(function (p) { return GMA.round(p.value, 3); }), '{value} h');

  GMA.el('by-repository-section').hidden = d.by_repository.length === 0;
  const byRepo = document.querySelector('#by-repository tbody');
  d.by_repository.forEach(function (r) {
    GMA.row(byRepo, [r.repository, GMA.fmtNumber(r.deployments_per_week, 1), GMA.fmtHours(r.lead_time_median_hours),
      GMA.fmtPercent(r.change_failure_rate), GMA.fmtHours(r.time_to_restore_median_hours), r.open_failures]).dataset.repository = r.repository;
  });

  if (df.deployments === 0 && cfr.deployments === 0) {
    GMA.empty('dora-empty', 'deployments', 'No deployments yet', GMA.NO_DEPLOYMENTS);
  }
});
