// The durable peer: the no-storage peer plus what a Node user adds to make a 201 mean "on disk":
// one better-sqlite3 insert per delivery (its own transaction) in WAL mode with synchronous=FULL.
// DB_FILE names the database (default ./peer.db).
import Database from "better-sqlite3";
import { serve } from "./receiver.mjs";

const db = new Database(process.env.DB_FILE || "peer.db");
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.exec(`CREATE TABLE IF NOT EXISTS events (
  delivery_id TEXT NOT NULL, event TEXT NOT NULL, received TEXT NOT NULL, action TEXT,
  installation_id INTEGER, repository_id INTEGER, repository_full_name TEXT, sender_login TEXT,
  payload TEXT NOT NULL)`);
const insert = db.prepare(`INSERT INTO events (delivery_id, event, received, action, installation_id,
  repository_id, repository_full_name, sender_login, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);

serve("durable peer", async ({ id, event, raw, payload }) => {
  insert.run(id, event, new Date().toISOString(), payload.action ?? null, payload.installation?.id ?? null,
    payload.repository?.id ?? null, payload.repository?.full_name ?? null, payload.sender?.login ?? null,
    raw.toString("utf8"));
});
