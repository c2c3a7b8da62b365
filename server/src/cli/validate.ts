/**
 * `falco-studio validate [--json] FILE...`: placeholder until the loader lands (issue 2).
 */
export async function runValidate(args: string[]): Promise<number> {
  process.stderr.write(`falco-studio validate: not implemented yet (${args.length} arguments)\n`);
  return 2;
}
