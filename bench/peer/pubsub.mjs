// The Pub/Sub peer: the no-storage peer plus a publishMessage of the delivery to a topic, answering
// 201 after Pub/Sub acked it (the client's default batching). PUBSUB_EMULATOR_HOST points the client
// at the emulator; PROJECT_ID and TOPIC name the topic, which must exist.
import { PubSub } from "@google-cloud/pubsub";
import { serve } from "./receiver.mjs";

const topic = new PubSub({ projectId: process.env.PROJECT_ID }).topic(process.env.TOPIC || "events");

serve("pubsub peer", async ({ id, event, raw, payload }) => {
  const message = JSON.stringify({
    delivery_id: id, event, received: new Date().toISOString(), action: payload.action,
    installation_id: payload.installation?.id, repository_id: payload.repository?.id,
    repository_full_name: payload.repository?.full_name, sender_login: payload.sender?.login,
    payload: raw.toString("utf8"),
  });
  await topic.publishMessage({ data: Buffer.from(message) });
});
