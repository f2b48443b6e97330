/**
 * Whether a process with this id runs on this machine: used to clear what a process that died left
 * behind (a port reservation, an install lock). A process we may not signal (EPERM) runs.
 */
'use strict';

function processRunning(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

module.exports = { processRunning };
