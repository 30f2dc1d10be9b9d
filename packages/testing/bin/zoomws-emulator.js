#!/usr/bin/env node
// The command is built into dist/; this file exists before the first build, so a workspace install can link it.
import "../dist/cli.js";
