#!/usr/bin/env node
import { runCli } from './runCli';

runCli(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`ndr-triage: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
