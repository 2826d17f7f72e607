-- Script variables of the refresh, declared after window_start (BigQuery wants every DECLARE at the
-- top of a script) and set by the steps. Each holds the oldest partition value a step's changes can
-- touch in a derived table, so that the statements reading that table read only its partitions from
-- there on (BigQuery prunes partitions on a comparison with a script variable, not on a join).
DECLARE check_runs_from TIMESTAMP;
DECLARE commits_from TIMESTAMP;
DECLARE deployment_statuses_from TIMESTAMP;
DECLARE deployments_from TIMESTAMP;
DECLARE incidents_from TIMESTAMP;
DECLARE issues_from TIMESTAMP;
DECLARE pull_request_reviews_from TIMESTAMP;
DECLARE pull_requests_from TIMESTAMP;
DECLARE releases_from TIMESTAMP;
DECLARE workflow_jobs_from TIMESTAMP;
DECLARE workflow_runs_from TIMESTAMP;
-- The first receipt of a GUID redelivered in the window is at most 7 days older: GitHub redelivers a
-- delivery only within 3 days of it, and the retry service looks 7 days back (EVENTS_LOOKUP_MARGIN).
DECLARE redelivery_from TIMESTAMP DEFAULT TIMESTAMP_SUB(window_start, INTERVAL 7 DAY);
DECLARE first_review_from TIMESTAMP;
DECLARE workflow_logs_from TIMESTAMP;
-- A leech_status row of the window is about a delivery the leech read from the last 90 days (its
-- LOOKBACK_DAYS default), first received at most 7 days before that.
DECLARE leech_deliveries_from TIMESTAMP DEFAULT TIMESTAMP_SUB(window_start, INTERVAL 97 DAY);
-- DORA links reach at most this many days (variable dora_horizon_days; see dora_bounds.sql and
-- docs/analytics.md); changing it changes the definitions: rebuild after.
DECLARE dora_horizon_days INT64 DEFAULT ${dora_horizon_days};
DECLARE dora_from TIMESTAMP;
DECLARE dora_deployments_from TIMESTAMP;
DECLARE dora_pull_requests_from TIMESTAMP;
DECLARE dora_days_from TIMESTAMP;
