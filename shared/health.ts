// How a health result is named to the user, the same in the Plugins view, hovers, CodeLens and the
// output. No imports beyond the shared types: the server and the client both use it.
import type { HealthResultDto } from './types';

/** The word for a result: its state, or `could not import` for a plugin that never ran (importing it raised). */
export function healthLabel(h: Pick<HealthResultDto, 'state' | 'failure'>): string {
  return h.failure === 'import' ? 'could not import' : h.state;
}
