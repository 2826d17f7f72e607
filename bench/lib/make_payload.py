"""Writes a JSON webhook-shaped payload of about SIZE bytes: python3 make_payload.py SIZE OUT."""
import json, sys
size, out = int(sys.argv[1]), sys.argv[2]
doc = {"action": "opened", "installation": {"id": 43215678}, "organization": {"id": 6811672, "login": "octo-org"},
       "repository": {"id": 1296269, "full_name": "octo-org/hello-world"}, "sender": {"login": "octocat"}, "padding": ""}
base = len(json.dumps(doc))
doc["padding"] = ("lorem ipsum dolor sit amet " * (size // 27 + 1))[: max(0, size - base)]
with open(out, "w") as f:
    json.dump(doc, f)
