/**
 * `npm run fuzz:install`: installs the API fuzzer, schemathesis (a property-based tester driven by
 * an OpenAPI document), from PyPI into `.tools/schemathesis` and prints the path of its `st`
 * command (see ./pip-tool.js). The version is pinned: a new release may find new things, which
 * should be a deliberate change.
 */
'use strict';

require('./pip-tool').installPipTool({ name: 'schemathesis', pkg: 'schemathesis==4.32.5', command: 'st' });
