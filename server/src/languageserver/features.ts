/** Every LSP feature of the server, each wired in its own module. */
import type { ServerCapabilities } from 'vscode-languageserver/node';
import { registerCodeActions } from './codeActions';
import { registerCompletion } from './completion';
import type { ServerContext } from './context';
import { registerHover } from './hover';
import { registerNavigation } from './navigation';
import { registerOutputs } from './outputs';

const REGISTRARS = [registerCodeActions, registerCompletion, registerHover, registerNavigation, registerOutputs];

export function registerFeatures(context: ServerContext): ServerCapabilities {
  return Object.assign({}, ...REGISTRARS.map((register) => register(context))) as ServerCapabilities;
}
