/** Jest set-up of the `cluster` project: the stack of every test file is a local cluster (see ./stack.ts). */
process.env.E2E_ON_CLUSTER = '1';
