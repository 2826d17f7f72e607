// What every peer shares: a node:http server on @octokit/webhooks that reads the raw body (up to
// GitHub's 25 MB), verifies X-Hub-Signature-256, parses the JSON and hands the delivery to `keep`,
// answering 201 only once `keep` has resolved. The peers differ only in `keep`.
import http from "node:http";
import { Webhooks } from "@octokit/webhooks";

const MAX_BODY = 25 * 1024 * 1024;

function answer(res, status, body) {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

export function serve(name, keep) {
  const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET });
  const port = Number(process.env.PORT || 3000);
  http.createServer((req, res) => {
    if (req.method === "GET") return answer(res, 200, { ok: true });
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size > MAX_BODY) { answer(res, 413, { errors: ["body too large"] }); req.destroy(); return; }
      chunks.push(c);
    });
    req.on("end", async () => {
      const id = req.headers["x-github-delivery"], event = req.headers["x-github-event"];
      if (!id || !event) return answer(res, 400, { errors: ["missing GitHub headers"] });
      const raw = Buffer.concat(chunks);
      const body = raw.toString("utf8");
      const ok = await webhooks.verify(body, req.headers["x-hub-signature-256"] || "").catch(() => false);
      if (!ok) return answer(res, 401, { errors: ["bad signature"] });
      let payload;
      try { payload = JSON.parse(body); } catch { return answer(res, 400, { errors: ["body is not JSON"] }); }
      try {
        await keep({ id, event, raw, payload });
        answer(res, 201, { delivery_id: id, outcome: "stored" });
      } catch (e) {
        answer(res, 500, { errors: [String(e && e.message)] });
      }
    });
  }).listen(port, "127.0.0.1", () => console.log(`${name} listening on ${port}`));
}
