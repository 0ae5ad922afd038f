/// OPEN: a transfer to an account holding none, and an owner's first permit, sent by the spender.
import { parseEther, Signature, Wallet } from "ethers";
import { eip712DomainOf, PERMIT_TYPES } from "../../../package/src/actions/index.js";
import type { Bench } from "./context.js";
import { DEADLINE, hashOf } from "./inputs.js";
import { measure } from "./record.js";

export async function benchToken(b: Bench): Promise<void> {
  const { open } = b.suite;
  console.log("OPEN");
  const holder = await b.account("holder");
  await b.fund(holder, parseEther("1000"));
  const recipient = new Wallet(hashOf("recipient")).address;
  await measure("open.transfer", open.connect(holder).transfer(recipient, parseEther("100")));

  const permitOwner = await b.account("permit owner");
  await b.fund(permitOwner, parseEther("1000"));
  const value = parseEther("500");
  const spender = b.deployer.address;
  const message = { owner: permitOwner.address, spender, value, nonce: 0n, deadline: DEADLINE };
  const sig = Signature.from(await permitOwner.signTypedData(await eip712DomainOf(open), PERMIT_TYPES, message));
  await measure(
    "open.permit",
    open.connect(b.deployer).permit(permitOwner.address, spender, value, DEADLINE, sig.v, sig.r, sig.s),
  );
}
