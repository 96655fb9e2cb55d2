/**
 * `npm run build` step: bundles the workflow code once (webpack, with the workflow interceptor
 * modules) into the file given, default dist/workflow-bundle.js. Workers load it through
 * WORKFLOW_BUNDLE (the Dockerfile sets it), so a worker starts without running webpack.
 */
import path from 'node:path';
import { writeWorkflowBundle } from '../temporal/worker';

const out = path.resolve(process.argv[2] ?? 'dist/workflow-bundle.js');
writeWorkflowBundle(out).then(
  () => console.log(`workflow bundle written to ${path.relative(process.cwd(), out)}`),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
