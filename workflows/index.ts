/** Every workflow the worker registers. The worker bundles this file (workflowsPath). */
export { decisionWorkflow } from './decision/decision.workflow';
