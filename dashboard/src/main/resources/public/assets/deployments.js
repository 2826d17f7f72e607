'use strict';
GMA.start('deployments', function (d) {
  function stat(key, n) {
    GMA.text(document.querySelector('[data-stat="' + key + '"] [data-role="value"]'), String(n), n);
  }
  stat('production_success', d.production_outcomes.success || 0);
  stat('production_failure', d.production_outcomes.failure || 0);
  stat('production_pending', d.production_outcomes.pending || 0);
  stat('incidents', d.incidents.length);

  const deployments = document.querySelector('#deployments tbody');
  d.deployments.forEach(function (x) {
    const outcome = document.createElement('span');
    outcome.className = 'outcome outcome-' + (x.outcome || 'pending');
    outcome.textContent = x.outcome || 'pending';
    // "(production)" only where the name does not say so already
    const named = /^prod/i.test(x.environment || '');
    const where = x.environment + (x.production && !named ? ' (production)' : '') + (x.service ? ' · ' + x.service : '');
    const tr = GMA.row(deployments, [GMA.fmtTime(x.created_at), x.repository, where, outcome, GMA.fmtSeconds(x.duration_seconds),
      x.sha ? x.sha.substring(0, 7) : null, x.creator, GMA.link(x.url, x.source)]);
    tr.dataset.deployment = x.deployment_key;
    tr.dataset.source = x.source;
  });
  const incidents = document.querySelector('#incidents tbody');
  d.incidents.forEach(function (i) {
    let what;
    if (i.kind === 'incident') what = i.issue_number !== null ? 'issue #' + i.issue_number : 'incident ' + i.incident_id;
    else what = 'deployment ' + i.deployment_key;
    const tr = GMA.row(incidents, [GMA.fmtTime(i.started_at), i.repository, i.kind.replace('_', ' '), what,
      i.restored_at ? GMA.fmtTime(i.restored_at) : 'still open', GMA.fmtHours(i.restore_hours), i.source]);
    tr.dataset.kind = i.kind;
    tr.dataset.source = i.source;
  });
  if (d.empty_deployments) {
    GMA.empty('deployments-empty', 'deployments', 'No deployments yet', GMA.NO_DEPLOYMENTS);
  }
  if (d.empty_incidents) {
    GMA.empty('incidents-empty', 'incidents', 'No incidents or failed deployments',
      'Production failures come from issues labelled <code>incident</code>, failed production deployments, ' +
      '<code>gma-event</code> incident reports, or PagerDuty (docs/events.md). None in this range is good news.');
  }
});
