// The files whose changes the language server must hear of, as file-watcher globs: registered by
// the server (clients with dynamic registration) or created by the VS Code client. They cover the
// engine's relevance rule (server/src/engine/discovery/relevance.ts); a test keeps them in step.
export const WATCHED_GLOBS: readonly string[] = ['**/pyproject.toml', '**/entry_points.txt', '**/METADATA', '**/*.{py,pyi,pth}', '**/*.{yaml,yml,json}'];
