/** The CLI's commands, each in its own module. */
import type { CliCommand } from '../io';
import { checkCommand } from './check';

export const COMMANDS: readonly CliCommand[] = [checkCommand];
