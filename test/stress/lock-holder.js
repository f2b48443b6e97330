// One lock holder for test/stress/lock-race.sh (holds withLock 1.5 s, logs enter/leave).
'use strict';
const fs = require('fs');
const { withLock } = require(process.argv[2]);

const [lock, log, startAt] = [process.argv[3], process.argv[4], Number(process.argv[5])];
/** Busy-waits until `until` (ms since the epoch): both holders meet the stale lock at the same moment. */
const spinUntil = (until) => {
	while (Date.now() < until) void 0;
};
spinUntil(startAt);
withLock(
	lock,
	() => {
		fs.appendFileSync(log, `enter ${process.pid} ${Date.now()}\n`);
		spinUntil(Date.now() + 1500);
		fs.appendFileSync(log, `leave ${process.pid} ${Date.now()}\n`);
	},
	() => undefined,
);
