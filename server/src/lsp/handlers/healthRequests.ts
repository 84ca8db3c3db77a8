// floe/runHealthChecks: refused unless the folder is trusted and has a valid interpreter; runs the
// checks through the engine (planHealthRun, runHealthPlan) with progress, streams each result as a
// notification and records it on its folder (the one place results are kept).
import type { CancellationToken } from 'vscode-languageserver/node';
import { HealthResultNotification, type RunHealthChecksParams, type RunHealthChecksResult } from '../../../../shared/protocol';
import { healthLabel } from '../../../../shared/health';
import type { HealthResultDto } from '../../../../shared/types';
import { environmentProblems, planHealthRun, runHealthPlan, type HealthPlan } from '../../engine';
import type { ServerCore } from '../core';
import type { FolderIndex } from '../folders';
import { longRequest } from './longRequest';

type Ready = { folder: FolderIndex; plan: Extract<HealthPlan, { state: 'ready' }> };

/** The folders' plans: those ready to run, and why the others may not. */
async function plans(folders: FolderIndex[], ids: string[] | undefined): Promise<{ ready: Ready[]; refusals: string[] }> {
  const ready: Ready[] = [];
  const refusals: string[] = [];
  for (const folder of folders) {
    if (!folder.result) continue;
    const plan = await planHealthRun(folder.result, {
      root: folder.root,
      python: folder.settings.pythonInterpreter,
      ids,
      // Manifests are read as the analysis read them (open documents over the disk).
      read: (f) => folder.ws?.fs.readFile(f),
      trusted: folder.settings.workspaceTrusted === true,
    });
    if (plan.state === 'untrusted') {
      refusals.push(`${folder.name}: the workspace is not trusted, so plugin code is not run (trust the workspace to run health checks)`);
    } else if (plan.state === 'no-interpreter') {
      refusals.push(`${folder.name}: no valid Python interpreter: ${plan.error}`);
    } else if (plan.state === 'ready') {
      ready.push({ folder, plan });
    }
  }
  return { ready, refusals };
}

export async function runHealthChecks(core: ServerCore, p: RunHealthChecksParams, token: CancellationToken | undefined): Promise<RunHealthChecksResult> {
  const { abort, progress } = await longRequest(core, p, token);
  const ids = Array.isArray(p.pluginIds) ? p.pluginIds.filter((x): x is string => typeof x === 'string') : undefined;
  const { ready, refusals } = await plans(core.selectFolders(p), ids);
  if (!ready.length) {
    return { results: [], refused: refusals.length ? refusals.join('; ') : ids ? 'no such plugin' : 'no plugins to check' };
  }
  const total = ready.reduce((n, w) => n + w.plan.targets.length, 0);
  progress?.begin('Floe health checks', 0, `0/${total}`, true);
  let done = 0;
  const touched = new Set<string>();
  const results: HealthResultDto[] = [];
  for (const { folder, plan } of ready) {
    if (abort.signal.aborted) break;
    const s = folder.settings;
    results.push(
      ...(await runHealthPlan(plan, {
        lifecycle: p.lifecycle === true,
        healthTimeoutMs: s.healthCheckTimeout * 1000,
        hookTimeoutMs: s.lifecycleTimeout * 1000,
        signal: abort.signal,
        onResult: (r) => {
          folder.recordHealth(r);
          touched.add(folder.uri);
          done++;
          progress?.report(Math.round((done / total) * 100), `${done}/${total} · ${r.name}: ${healthLabel(r)}`);
          core.notify(HealthResultNotification.type, r);
        },
      })),
    );
  }
  progress?.done();
  core.registryChanged([...touched]);
  const environment = environmentProblems(results);
  return { results, python: ready[0].plan.python, ...(environment.length ? { environment } : {}) };
}
