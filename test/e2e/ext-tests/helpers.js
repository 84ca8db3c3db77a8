// Helpers shared by the extension-host suites (floe.e2e.js, multiroot.e2e.js).
const EXT_ID = 'floe.floe-plugin-tools';

/** Poll a condition until it holds (returns its value) or the deadline passes. */
async function until(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  let last;
  for (;;) {
    try { last = await fn(); if (last) return last; } catch (e) { last = e; }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every plugin node under these tree nodes. */
function pluginNodes(nodes) {
  const out = [];
  const walk = (ns) => { for (const n of ns) { if (n.kind === 'plugin') out.push(n); walk(n.children); } };
  walk(nodes);
  return out;
}

module.exports = { EXT_ID, until, pluginNodes };
