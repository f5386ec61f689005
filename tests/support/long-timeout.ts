// Workflow and end-to-end tests start real servers; their own waits bound them, not Jest's 5 s.
jest.setTimeout(180_000);
