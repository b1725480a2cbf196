/**
 * What the client does when the server process dies: restart it, and tell the user once per
 * session. Nothing is lost: the open documents, with their unsaved edits, live in the editor and
 * are sent to the new server when it starts. A server that keeps dying is not restarted for ever:
 * after `maxRestarts` crashes within `windowMs` the client gives up and says how to start it again.
 * Pure logic (no vscode import), so the protocol tests can drive it against a real server process.
 */
export interface RestartDecision {
  restart: boolean;
  /** Shown to the user when the client gives up. */
  message?: string;
}

export interface RestartPolicy {
  serverClosed(now?: number): RestartDecision;
}

export const RESTARTED_MESSAGE = 'The HIE Dossier server stopped unexpectedly and was restarted. Your open documents and unsaved edits are kept.';

export function createRestartPolicy(notifyOnce: (message: string) => void, maxRestarts = 4, windowMs = 3 * 60_000): RestartPolicy {
  const crashes: number[] = [];
  let told = false;
  return {
    serverClosed(now = Date.now()) {
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0]! > windowMs) crashes.shift();
      if (crashes.length > maxRestarts) {
        return {
          restart: false,
          message: `The HIE Dossier server stopped ${crashes.length} times in ${Math.round(windowMs / 60_000)} minutes and was not restarted. Run "HIE Dossier: Restart Language Server", and see "HIE Dossier: Show Output" for the cause.`,
        };
      }
      if (!told) {
        told = true;
        notifyOnce(RESTARTED_MESSAGE);
      }
      return { restart: true };
    },
  };
}
