#!/usr/bin/env python3
"""Writes the GitHub fake's pages for the backfill tests, the events a correct import must produce
(computed here, independently of the Java code) and the webhook deliveries of the same objects.

Run from this directory: python3 generate.py. The output is committed; rerun only to change the fixtures.
Since day of the tests: 2026-06-01. Pages hold 2 objects (the fake decides, whatever per_page asks).
"""
import json, os, shutil, uuid

SINCE = "2026-06-01"
NAMESPACE = uuid.UUID("6f1c3f0e-6a57-4f59-9a8e-1b7c0c2d5e11")
API = "https://api.github.com"

ORG = {"login": "octo-org", "id": 6811672, "node_id": "O_kgDOAGf1mA", "url": API + "/orgs/octo-org",
       "type": "Organization", "site_admin": False}
USER = {"login": "mona", "id": 583231, "node_id": "U_kgDOAAjmPw", "url": API + "/users/mona", "type": "User",
        "site_admin": False}
INSTALLATIONS = [
    {"id": 1001, "account": ORG, "app_id": 1, "target_type": "Organization", "repository_selection": "selected"},
    {"id": 1002, "account": USER, "app_id": 1, "target_type": "User", "repository_selection": "all"},
]
REPOS = [  # (installation, owner object, name, repo id)
    (1001, ORG, "hello-world", 1296269),
    (1001, ORG, "api", 1296270),
    (1002, USER, "dotfiles", 2300001),
]
PEOPLE = {name: {"login": name, "id": 1000 + i, "type": "User", "site_admin": False}
          for i, name in enumerate(["octocat", "hubot", "monalisa", "dependabot[bot]", "mona"])}

routes = []     # {path, page, file, next}: the fake serves file at path (page 1 = no page parameter)
expected = []   # one entry per event the import must write
webhooks = []   # deliveries of the same objects, for hello-world, as GitHub would have sent them


def write(rel, body):
    os.makedirs(os.path.dirname(os.path.join("github", rel)) or "github", exist_ok=True)
    with open(os.path.join("github", rel), "w") as f:
        json.dump(body, f, indent=1, sort_keys=False)
        f.write("\n")


def paged(path, items, per_page=2, wrap=None):
    pages = [items[i:i + per_page] for i in range(0, len(items), per_page)] or [[]]
    for n, page in enumerate(pages, start=1):
        rel = path.strip("/").replace("/", "__") + f"-{n}.json"
        write(rel, wrap(page) if wrap else page)
        routes.append({"path": path, "page": n, "file": rel, "next": n + 1 if n < len(pages) else None})


def ts(day, hour=10):
    return f"2026-{day}T{hour:02d}:00:00Z"


def repo_object(owner, name, rid):
    full = owner["login"] + "/" + name
    return {"id": rid, "node_id": f"R_{rid}", "name": name, "full_name": full, "private": False, "owner": owner,
            "html_url": "https://github.com/" + full, "url": API + "/repos/" + full, "default_branch": "main",
            "created_at": "2020-01-01T00:00:00Z", "visibility": "public"}


def event(name, action, obj_id, version, repo, inst, sender, payload):
    delivery = str(uuid.uuid3(NAMESPACE, f"{name}:{obj_id}:{version}"))
    expected.append({"delivery_id": delivery, "event": name, "action": action, "object_id": obj_id,
                     "installation_id": inst, "organization_name": repo["owner"]["login"] if repo["owner"]["type"] == "Organization" else None,
                     "organization_id": repo["owner"]["id"] if repo["owner"]["type"] == "Organization" else None,
                     "repository_id": repo["id"], "repository_full_name": repo["full_name"],
                     "sender_login": sender["login"] if sender else None})
    if repo["name"] == "hello-world" and payload:
        body = dict(payload)
        body["repository"] = repo
        body["organization"] = ORG
        body["sender"] = sender
        body["installation"] = {"id": inst, "node_id": "MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uMTAwMQ=="}
        webhooks.append({"event": name, "delivery_id": "webhook-" + delivery, "received": version, "payload": body})


shutil.rmtree("github", ignore_errors=True)
paged("/app/installations", INSTALLATIONS, per_page=1)
for inst in INSTALLATIONS:
    mine = [repo_object(o, n, r) for (i, o, n, r) in REPOS if i == inst["id"]]
    paged(f"/installation/repositories#{inst['id']}", mine, per_page=1,
          wrap=lambda page, total=len(mine): {"total_count": total, "repositories": page})

for k, (inst, owner, name, rid) in enumerate(REPOS):
    repo = repo_object(owner, name, rid)
    base = f"/repos/{repo['full_name']}"
    people = list(PEOPLE.values())
    author, reviewer = people[k % 3], people[(k + 1) % 3]

    # Pull requests, newest updated first; the fifth is older than SINCE, so reading stops there.
    prs = []
    specs = [("open", None, False, "07-20"), ("closed", "07-18", False, "07-18"), ("closed", None, False, "07-10"),
             ("open", None, True, "06-15"), ("closed", "05-20", False, "05-20")]
    for n, (state, merged_day, draft, updated_day) in enumerate(specs, start=1):
        number = 10 * (k + 1) + n
        pr = {"id": 900000 + 100 * k + n, "number": number, "state": state, "draft": draft,
              "title": f"Change {number} of {name}", "user": author,
              "created_at": ts("05-01"), "updated_at": ts(updated_day),
              "closed_at": ts(updated_day) if state == "closed" else None,
              "merged_at": ts(merged_day) if merged_day else None,
              "merge_commit_sha": f"{number:040x}", "base": {"ref": "main", "sha": "a" * 40},
              "head": {"ref": f"feature-{number}", "sha": f"{number + 5000:040x}"},
              "html_url": f"https://github.com/{repo['full_name']}/pull/{number}"}
        prs.append(pr)
    paged(base + "/pulls", prs)
    routes[-1]["next"] = 99  # the old page links on: a reader that does not stop asks for page 99, which is not served
    for n, pr in enumerate(prs[:4], start=1):
        reviews = []
        states = {1: ["CHANGES_REQUESTED"], 2: ["COMMENTED", "APPROVED"], 3: ["DISMISSED"], 4: []}[n]
        for j, state in enumerate(states, start=1):
            reviews.append({"id": 7000000 + 1000 * k + 10 * n + j, "user": reviewer, "state": state,
                            "body": "", "commit_id": pr["head"]["sha"],
                            "submitted_at": ts("07-0" + str(j + n), 9)})
        paged(f"{base}/pulls/{pr['number']}/reviews", reviews, per_page=1 if n == 2 else 100)
        action = "closed" if pr["state"] == "closed" else "opened"
        if pr["state"] == "closed":  # the webhook history: opened first, closed later
            earlier = dict(pr, state="open", closed_at=None, merged_at=None, updated_at=pr["created_at"])
            webhooks_before = len(webhooks)
            event("pull_request", "opened", pr["id"], earlier["updated_at"], repo, inst, author,
                  {"action": "opened", "number": pr["number"], "pull_request": earlier})
            expected.pop()  # the import sees only the latest state
        event("pull_request", action, pr["id"], pr["updated_at"], repo, inst, author,
              {"action": action, "number": pr["number"], "pull_request": pr})
        for review in reviews:
            ra = "dismissed" if review["state"] == "DISMISSED" else "submitted"
            event("pull_request_review", ra, review["id"], review["submitted_at"], repo, inst, reviewer,
                  {"action": ra, "review": review, "pull_request": pr})

    # Deployments newest first; the third was created before SINCE. Statuses newest first.
    deployments = []
    for n, (day, env) in enumerate([("07-19", "production"), ("07-12", "staging"), ("05-25", "production")], start=1):
        deployments.append({"id": 5000000 + 100 * k + n, "sha": f"{n + 9000:040x}", "ref": "main", "task": "deploy",
                            "environment": env, "creator": author, "created_at": ts(day), "updated_at": ts(day, 11),
                            "url": f"{API}{base}/deployments/{5000000 + 100 * k + n}"})
    paged(base + "/deployments", deployments)
    for n, d in enumerate(deployments[:2], start=1):
        statuses = []
        for j, state in enumerate(["success", "in_progress"] if n == 1 else ["failure"], start=1):
            statuses.append({"id": 6000000 + 100 * k + 10 * n + j, "state": state, "description": state,
                             "environment": d["environment"], "creator": author,
                             "target_url": "", "log_url": f"https://ci.example/{n}/{j}",
                             "created_at": ts(d["created_at"][5:10], 12 - j), "updated_at": ts(d["created_at"][5:10], 12 - j)})
        paged(f"{base}/deployments/{d['id']}/statuses", statuses, per_page=100)
        event("deployment", "created", d["id"], d["updated_at"], repo, inst, author,
              {"action": "created", "deployment": d})
        for s in statuses:
            event("deployment_status", "created", s["id"], s["updated_at"], repo, inst, author,
                  {"action": "created", "deployment_status": s, "deployment": d})

    # Completed workflow runs (GitHub filters status and created on its side).
    runs = []
    for n, day in enumerate(["07-21", "07-11", "06-02"], start=1):
        runs.append({"id": 3000000 + 100 * k + n, "name": "CI", "path": ".github/workflows/ci.yml",
                     "run_number": n, "run_attempt": 1, "event": "push", "status": "completed",
                     "conclusion": "success" if n != 2 else "failure", "head_branch": "main",
                     "head_sha": f"{n + 7000:040x}", "actor": author, "triggering_actor": reviewer,
                     "created_at": ts(day, 8), "run_started_at": ts(day, 8), "updated_at": ts(day, 9),
                     "html_url": f"https://github.com/{repo['full_name']}/actions/runs/{3000000 + 100 * k + n}"})
        event("workflow_run", "completed", runs[-1]["id"], runs[-1]["updated_at"], repo, inst, reviewer, {})
    paged(base + "/actions/runs", runs, wrap=lambda page, total=len(runs): {"total_count": total, "workflow_runs": page})

    # Releases newest first; the third is older than SINCE.
    releases = [
        {"id": 8000000 + 100 * k + 1, "tag_name": "v2.0.0", "name": "v2.0.0", "draft": False, "prerelease": False,
         "author": author, "created_at": ts("07-15"), "published_at": ts("07-15", 12), "target_commitish": "main"},
        {"id": 8000000 + 100 * k + 2, "tag_name": "v2.1.0", "name": "next", "draft": True, "prerelease": False,
         "author": author, "created_at": ts("07-01"), "published_at": None, "target_commitish": "main"},
        {"id": 8000000 + 100 * k + 3, "tag_name": "v1.0.0", "name": "v1.0.0", "draft": False, "prerelease": False,
         "author": author, "created_at": ts("04-01"), "published_at": ts("04-01", 12), "target_commitish": "main"},
    ]
    paged(base + "/releases", releases)
    event("release", "published", releases[0]["id"], releases[0]["published_at"], repo, inst, author, {})
    event("release", "created", releases[1]["id"], releases[1]["created_at"], repo, inst, author, {})

    # Issues (and a pull request, which the issues list also returns), newest updated first.
    issues = [
        {"id": 4000000 + 100 * k + 1, "number": 100 + k, "title": "Flaky login", "state": "open", "user": author,
         "labels": [{"name": "bug"}], "created_at": ts("06-10"), "updated_at": ts("07-22"), "closed_at": None},
        {"id": 4000000 + 100 * k + 2, "number": 200 + k, "title": "Checkout down", "state": "closed",
         "state_reason": "completed", "user": reviewer, "labels": [{"name": "incident"}],
         "created_at": ts("07-03"), "updated_at": ts("07-04"), "closed_at": ts("07-04")},
        {"id": 4000000 + 100 * k + 3, "number": prs[0]["number"], "title": prs[0]["title"], "state": "open",
         "user": author, "labels": [], "created_at": ts("05-01"), "updated_at": ts("06-20"),
         "pull_request": {"url": f"{API}{base}/pulls/{prs[0]['number']}"}},
        {"id": 4000000 + 100 * k + 4, "number": 300 + k, "title": "Old question", "state": "open", "user": author,
         "labels": [], "created_at": ts("03-01"), "updated_at": ts("05-02"), "closed_at": None},
    ]
    paged(base + "/issues", issues)
    for issue in issues[:2]:
        action = "closed" if issue["state"] == "closed" else "opened"
        event("issues", action, issue["id"], issue["updated_at"], repo, inst, issue["user"], {})

with open("github/routes.json", "w") as f:
    json.dump(routes, f, indent=1)
    f.write("\n")
with open("expected-events.json", "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
with open("webhook-deliveries.json", "w") as f:
    json.dump(webhooks, f, indent=1)
    f.write("\n")
print(len(routes), "pages,", len(expected), "events,", len(webhooks), "webhook deliveries")
