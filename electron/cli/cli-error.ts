/** Ends the CLI with one plain line on stderr and an exit status; thrown by commands, caught in signet.ts. */
export class CliExit extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'CliExit';
  }
}
