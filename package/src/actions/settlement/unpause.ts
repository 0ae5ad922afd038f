/// unpause: lets settlements and attribution roots resume after the guardian's pause (GUARDIAN role or governance;
/// ExpectedPause() when not paused).
import type { Client } from "../../client.js";
import { setPaused } from "./pause.js";
import type { PauseParameters, PauseReturnType } from "./pause.js";

export type UnpauseParameters = PauseParameters;
export type UnpauseReturnType = PauseReturnType;

/// Lets settlements and attribution roots resume.
export async function unpause(client: Client, params: UnpauseParameters = {}): Promise<UnpauseReturnType> {
  return setPaused(client, false, params);
}
