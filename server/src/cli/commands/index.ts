/** The CLI's commands, each in its own module. */
import type { CliCommand } from '../io';
import { checkCommand } from './check';
import { declarationCommand } from './declaration';
import { registerCommand } from './register';
import { reportCommand } from './report';

export const COMMANDS: readonly CliCommand[] = [checkCommand, declarationCommand, reportCommand, registerCommand];
