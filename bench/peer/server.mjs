// The no-storage peer: verify and parse, keep nothing. The floor a Node user starts from.
import { serve } from "./receiver.mjs";

serve("no-storage peer", async () => {});
