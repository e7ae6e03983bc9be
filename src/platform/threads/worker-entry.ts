/**
 * The entry of a worker thread whose module sits next to the pool's (`name` without extension).
 * Built, it is `name.js`. Under tsx or vitest the sources are TypeScript: the thread registers tsx's
 * loader first (Node 20 ignores `--import` loaders for a worker's entry file).
 */
export function workerEntry(poolModuleUrl: string, name: string): { entry: string | URL; eval: boolean } {
  if (!poolModuleUrl.endsWith('.ts')) return { entry: new URL(`./${name}.js`, poolModuleUrl), eval: false };
  const worker = JSON.stringify(new URL(`./${name}.ts`, poolModuleUrl).href);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  return { entry: `import(${tsx}).then((tsx) => { tsx.register(); return import(${worker}); })`, eval: true };
}
