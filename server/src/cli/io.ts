/** How a CLI command talks to the outside world (injected, so tests run commands in-process). */
export interface CliIo {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTty: boolean;
}

/** Bad usage: reported with the command's usage text, exit status 2. */
export class UsageError extends Error {}

export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): number | Promise<number>;
}
