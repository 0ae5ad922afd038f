/// What the local development tasks share: they refuse to run anywhere but on a chain that lives on this machine.
import type { NetworkConnection } from "hardhat/types/network";
import { isLiveNetwork } from "../../scripts/lib/deploy-parameters.js";
import { OpenLedgerError, isInProcess } from "../lib/index.js";

/// Throws a one-line OpenLedgerError unless `connection` is the in-process network, localhost or anvil.
export function requireLocal(connection: NetworkConnection, taskName: string): void {
  if (isLiveNetwork(connection.networkName, isInProcess(connection))) {
    throw new OpenLedgerError(
      `${taskName} runs only on local chains (the in-process network, localhost, anvil), not on "${connection.networkName}"`,
    );
  }
}
