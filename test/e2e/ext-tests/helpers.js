// Helpers shared by the extension-host suites (floe.e2e.js, multiroot.e2e.js).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { scaled } = require('../../lib/machine');

const EXT_ID = 'floe.floe-plugin-tools';

/** Poll a condition until it holds (returns its value) or the deadline (scaled to the machine) passes. */
async function until(what, fn, ms = 30000) {
  const end = Date.now() + scaled(ms);
  let last;
  for (;;) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every plugin node under these tree nodes. */
function pluginNodes(nodes) {
  const out = [];
  const walk = (ns) => {
    for (const n of ns) {
      if (n.kind === 'plugin') out.push(n);
      walk(n.children);
    }
  };
  walk(nodes);
  return out;
}

/** Live processes whose command line mentions `needle` (`ps`, not counting this check itself, nor zombies). */
function processesMatching(needle) {
  return execFileSync('ps', ['-eo', 'pid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.includes(needle) && !/\bZ/.test(l.trim().split(/\s+/)[1] || '') && !l.includes('ps -eo'));
}

/** processesMatching, restricted to processes whose working directory is inside one of `dirs` (the
 * health runner runs in its workspace folder), so other runs on the same machine do not count. */
function processesMatchingIn(needle, dirs) {
  const roots = dirs.map((d) => fs.realpathSync(d));
  return processesMatching(needle).filter((l) => {
    try {
      const cwd = fs.realpathSync(`/proc/${l.trim().split(/\s+/)[0]}/cwd`);
      return roots.some((root) => cwd === root || cwd.startsWith(root + path.sep));
    } catch {
      return false; // gone meanwhile
    }
  });
}

/** Pids of the Floe language servers this extension host started (its children running dist/server.js). */
function serverPids() {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,stat=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => Number(f[1]) === process.pid && !f[2].startsWith('Z') && f.slice(3).some((a) => a.endsWith('dist/server.js')))
    .map((f) => Number(f[0]));
}

/** Whether a process is gone (not even a zombie of ours). */
function gone(pid) {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code === 'ESRCH';
  }
}

module.exports = { EXT_ID, until, pluginNodes, processesMatching, processesMatchingIn, serverPids, gone };
