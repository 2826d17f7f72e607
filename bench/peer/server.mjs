// Minimal webhook receiver on @octokit/webhooks: read the raw body, verify the signature,
// answer 201. It stores nothing; it is the floor a Node user starts from.
import http from "node:http";
import { Webhooks } from "@octokit/webhooks";

const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET });
const port = Number(process.env.PORT || 3000);

http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", async () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const ok = await webhooks.verify(body, req.headers["x-hub-signature-256"] || "").catch(() => false);
    res.writeHead(ok ? 201 : 401, { "content-type": "application/json" });
    res.end(ok ? '{"ok":true}' : '{"errors":["bad signature"]}');
  });
}).listen(port, "127.0.0.1", () => console.log(`peer listening on ${port}`));
