// Shared command-line handling for every command (build, upload, start,
// bench, ...): `--name value` and `--name=value` flags, `--help`, and
// one-line errors instead of stack traces.
import { UsageError } from "../board/profiles";

export type Flags = Record<string, string | true>;

export interface OptionSpec {
  name: string;
  /** What the value is (FILE, ID, MS); absent for an on/off option. */
  value?: string;
  help: string;
}

/** What `--help` shows: how to call the command, every option, examples. */
export interface CommandSpec {
  /** As the user types it: "npm run build --". */
  usage: string;
  summary: string;
  options: OptionSpec[];
  examples: string[];
  /** Further lines after the options (a list of scenarios, say). */
  notes?: string[];
}

/** `--help` was asked for: runMain prints `text` and exits 0. */
export class HelpRequest {
  constructor(readonly text: string) {}
}

/** The text `--help` prints. */
export function helpText(spec: CommandSpec): string {
  const opts = spec.options.concat([{ name: "help", help: "show this help" }]);
  const left = opts.map((o) => `  --${o.name}${o.value ? " " + o.value : ""}`);
  const width = Math.max(...left.map((l) => l.length)) + 2;
  const lines = [`usage: ${spec.usage} [options]`, "", spec.summary, "", "options:"];
  opts.forEach((o, i) => lines.push(left[i].padEnd(width) + o.help));
  if (spec.notes && spec.notes.length) lines.push("", ...spec.notes);
  lines.push("", spec.examples.length > 1 ? "examples:" : "example:", ...spec.examples.map((e) => "  " + e));
  return lines.join("\n") + "\n";
}

/** A spec for a caller that only names its options. */
function bareSpec(valued: string[], booleans: string[]): CommandSpec {
  return {
    usage: "npm run <command> --",
    summary: "",
    options: valued.map((name): OptionSpec => ({ name, value: "VALUE", help: "" })).concat(booleans.map((name) => ({ name, help: "" }))),
    examples: [],
  };
}

/**
 * Parses `--name value`, `--name=value` and `--name` (on/off) flags. Unknown
 * and repeated options are errors; `--help` throws a HelpRequest.
 */
export function parseFlags(argv: string[], valued: string[] | CommandSpec, booleans: string[] = []): Flags {
  const spec = Array.isArray(valued) ? bareSpec(valued, booleans) : valued;
  const flags: Flags = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--help" || a === "-h") throw new HelpRequest(helpText(spec));
    const eq = a.indexOf("=");
    const name = a.startsWith("--") ? a.slice(2, eq > 0 ? eq : undefined) : "";
    const opt = spec.options.find((o) => o.name === name);
    if (!opt) {
      const known = spec.options.map((o) => "--" + o.name).join(", ");
      throw new UsageError(`unknown option '${a}' (known: ${known}; --help explains them)`);
    }
    if (flags[name] !== undefined) throw new UsageError(`option --${name} is given twice: give it once`);
    if (!opt.value) {
      if (eq > 0) throw new UsageError(`option --${name} takes no value (write --${name} alone)`);
      flags[name] = true;
      continue;
    }
    const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined || v === "" || (eq < 0 && v.startsWith("--"))) {
      throw new UsageError(`option --${name} needs a value (--${name} ${opt.value})`);
    }
    flags[name] = v;
  }
  return flags;
}

/** The one line an unexpected failure prints: its message, never a stack (DEBUG=1 shows it). */
export function failureLine(name: string, e: unknown): string {
  // A UsageError may name several problems, a line each.
  if (e instanceof UsageError) return e.message.split("\n").map((l) => `${name}: ${l}`).join("\n");
  const err = e as Error;
  if (process.env.DEBUG) return `${name}: failed: ${err?.stack || e}`;
  const message = err && typeof err.message === "string" ? err.message.split("\n")[0] : String(e);
  return `${name}: failed: ${message} (run again with DEBUG=1 to see where)`;
}

/**
 * Runs a command's main: `--help` prints the help and exits 0; any failure
 * is one line on stderr and exit 1.
 */
export function runMain(name: string, main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    if (e instanceof HelpRequest) {
      process.stdout.write(e.text, () => process.exit(0));
      return;
    }
    process.stderr.write(failureLine(name, e) + "\n");
    process.exit(1);
  });
}
