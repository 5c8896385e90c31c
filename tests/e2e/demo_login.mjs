// Kept so `node tests/e2e/demo_login.mjs URL` (the older test command) still runs the whole
// end-to-end suite; the entry point is run.mjs (see there).
import "./run.mjs";
