/// gOPEN: each entry a first-time action of a fresh account in a pool that already has stakers and a running
/// stream of rewards (a push queued behind it).
import { parseEther } from "ethers";
import type { Wallet } from "ethers";
import type { Bench } from "./context.js";
import { measure, run } from "./record.js";

const STAKE = parseEther("5000");

export async function benchStaking(b: Bench): Promise<void> {
  const { open, gopen } = b.suite;
  console.log("gOPEN");
  const gopenAddress = await gopen.getAddress();
  const addRewards = async (amount: bigint): Promise<void> => {
    await run(open.connect(b.deployer).approve(gopenAddress, amount));
    await run(gopen.connect(b.deployer).addRewards(amount));
  };
  for (let i = 1; i <= 3; i++) {
    const staker = await b.account(`staker ${i}`);
    await b.fund(staker, parseEther("200000"));
    await b.approve(staker, gopenAddress, parseEther("100000"));
    await run(gopen.connect(staker).stake(parseEther("100000")));
    if (i === 1) await run(gopen.connect(staker).delegate(staker.address));
  }
  // Starts a stream over gOPEN's rewards duration: every measured call below brings it up to date.
  await addRewards(parseEther("1000"));

  const freshStaker = async (label: string): Promise<Wallet> => {
    const staker = await b.account(label);
    await b.fund(staker, parseEther("10000"));
    await b.approve(staker, gopenAddress, STAKE);
    return staker;
  };
  const firstStaker = await freshStaker("fresh staker: stake");
  await measure("gopen.stake", gopen.connect(firstStaker).stake(STAKE));
  const delegator = await freshStaker("fresh staker: delegate");
  const leaver = await freshStaker("fresh staker: leave");
  const delegatedLeaver = await freshStaker("fresh staker: leave, delegated");
  const claimer = await freshStaker("fresh staker: claim");
  for (const s of [delegator, leaver, delegatedLeaver, claimer]) await run(gopen.connect(s).stake(STAKE));
  await run(gopen.connect(delegatedLeaver).delegate(delegatedLeaver.address));
  // More rewards arrive, queued behind the running stream; every staker above has earned some of the stream since.
  await addRewards(parseEther("1000"));
  await measure("gopen.delegate", gopen.connect(delegator).delegate(delegator.address));
  await measure("gopen.requestWithdrawal", gopen.connect(leaver).requestWithdrawal(parseEther("2000")));
  await measure(
    "gopen.requestWithdrawal.delegated",
    gopen.connect(delegatedLeaver).requestWithdrawal(parseEther("2000")),
  );
  await measure("gopen.claimRewards", gopen.connect(claimer).claimRewards());
  await b.time.increase(Number(await gopen.cooldown()) + 1);
  await measure("gopen.withdraw", gopen.connect(leaver).withdraw());
}
