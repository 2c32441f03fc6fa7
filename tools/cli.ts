// Shared command-line handling for build, upload and start: `--name value`
// flags, and one-line errors instead of stack traces.
import { UsageError } from "../board/profiles";

export type Flags = Record<string, string | true>;

/** Parses `--name value` / `--name` (boolean) flags; unknown ones are errors. */
export function parseFlags(argv: string[], valued: string[], booleans: string[] = []): Flags {
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const name = a.startsWith("--") ? a.slice(2) : "";
    if (booleans.indexOf(name) >= 0) {
      flags[name] = true;
    } else if (valued.indexOf(name) >= 0) {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("--")) throw new UsageError(`option --${name} needs a value`);
      flags[name] = v;
      i++;
    } else {
      const known = valued.concat(booleans).map((k) => "--" + k).join(", ");
      throw new UsageError(`unknown option '${a}' (known: ${known})`);
    }
  }
  return flags;
}

/** Runs a command's main; a UsageError becomes one line on stderr and exit 1. */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`${name}: ${e.message}\n`);
    } else {
      process.stderr.write(`${name}: failed: ${(e as Error)?.stack || e}\n`);
    }
    process.exit(1);
  });
}
