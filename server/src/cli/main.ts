#!/usr/bin/env node
/**
 * The `falco-studio` command line: parses the subcommand and hands over to one file per
 * subcommand. It owns process exit codes and stdout; the subcommands return them.
 */
import { runCapture } from './capture';
import { runFields } from './fields';
import { runEvents } from './events';
import { runProfileCommand } from './profile';
import { runReplay } from './replay';
import { runValidate } from './validate';

type Subcommand = (args: string[]) => Promise<number>;

const subcommands: Record<string, Subcommand> = {
  validate: runValidate,
  events: runEvents,
  fields: runFields,
  replay: runReplay,
  profile: runProfileCommand,
  capture: runCapture,
};

const usage = `usage: falco-studio <command> [options]

commands:
  validate [--json] FILE...        load rules files in order and report Falco's load results
  events CAPTURE [--filter COND] [--format FMT] [--json]
                                   print one line per event of a capture, like sysdig -r -p
  fields [--json] [--source S]     list the fields conditions and outputs can use
  replay CAPTURE -r RULES [-r RULES…] [--json] [--rule-matching first|all] [--enter-events] …
                                   evaluate rules over a capture and print the alerts
  profile CAPTURE -r RULES [-r RULES…] [--runs N] [--out DIR] [--json] [--sample N]
                                   per-rule latency and the pipeline by branch (profile.json, .dot, .folded)
  capture -o OUT.scap -- COMMAND [ARGS...]
                                   record the syscalls of one command tree (ptrace) into a .scap file
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    process.stdout.write(usage);
    return name === undefined ? 2 : 0;
  }
  const subcommand = subcommands[name];
  if (subcommand === undefined) {
    process.stderr.write(`falco-studio: unknown command '${name}'\n${usage}`);
    return 2;
  }
  return subcommand(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`falco-studio: internal error: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 3;
  },
);
