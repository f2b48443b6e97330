// Review of issue 23: one lock holder for test/review23/lock-race.sh (holds withLock 1.5 s, logs enter/leave).
const { withLock } = require(process.argv[2]);
const fs = require('fs');
const lock = process.argv[3], log = process.argv[4];
// wait until the shared start time so both waiters see the stale lock at once
while (Date.now() < Number(process.argv[5])) {}
withLock(lock, () => {
  fs.appendFileSync(log, `enter ${process.pid} ${Date.now()}\n`);
  const end = Date.now() + 1500; while (Date.now() < end) {}
  fs.appendFileSync(log, `leave ${process.pid} ${Date.now()}\n`);
}, () => {});
