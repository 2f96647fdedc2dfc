import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A problem the user can fix: printed as one line (no stack), exit code 1 unless given. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}

export interface CommandSpec<O extends Options> {
  /** `wadesk agent add --name <name> --email <email>`: the first line of --help. */
  usage: string;
  /** What it does and what each option means, for --help. */
  help: string;
  options?: O;
  /** How many positional arguments it takes (exactly). */
  positionals?: number;
}

export type Values<O extends Options> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };

/** Parses a subcommand's arguments with node's parseArgs; `--help` prints the help and exits 0. */
export function parseCommand<const O extends Options>(argv: string[], spec: CommandSpec<O>): { values: Values<O>; positionals: string[] } {
  const options: Options = { ...spec.options, help: { type: 'boolean', short: 'h' } };
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: (spec.positionals ?? 0) > 0, strict: true });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\nUsage: ${spec.usage} (see --help)`, 2);
  }
  if (parsed.values.help) {
    console.log(`Usage: ${spec.usage}\n\n${spec.help.trim()}\n`);
    process.exit(0);
  }
  const wanted = spec.positionals ?? 0;
  if (parsed.positionals.length !== wanted) throw new CliError(`expected ${wanted} argument${wanted === 1 ? '' : 's'}, got ${parsed.positionals.length}\nUsage: ${spec.usage}`, 2);
  return parsed as { values: Values<O>; positionals: string[] };
}
