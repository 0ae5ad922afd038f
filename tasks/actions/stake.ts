import { Signature, ZeroAddress } from "ethers";
import { PERMIT_TYPES, amountFormat, eip712DomainOf, parseOpenAmount, signerFor } from "../lib/governance.js";
import { ToolError, formatOpen, getSuite, printResult, runTask } from "../lib/index.js";

interface Args {
  amount: string;
  permit: boolean;
  from: string;
  deploymentId: string;
  json: boolean;
}

/// How long a staking permit stays valid.
const PERMIT_LIFETIME = 3_600n;

export default runTask(async (args: Args, hre) => {
  if (args.amount.trim() === "") throw new ToolError("--amount <OPEN> is required");
  const amount = parseOpenAmount(args.amount);
  const suite = await getSuite(hre, { deploymentId: args.deploymentId });
  const account = await signerFor(suite.connection, args.from);
  const open = suite.open.connect(account);
  const gopen = suite.gopen.connect(account);
  const spender = await gopen.getAddress();

  const balance = await open.balanceOf(account.address);
  if (balance < amount) {
    throw new ToolError(
      `${account.address} holds ${formatOpen(balance)}, less than the ${formatOpen(amount)} to stake`,
    );
  }

  const txs: string[] = [];
  let gasUsed = 0n;
  if (args.permit) {
    const latest = await suite.connection.ethers.provider.getBlock("latest");
    const deadline = BigInt(latest?.timestamp ?? 0) + PERMIT_LIFETIME;
    const nonce = await open.nonces(account.address);
    const signature = Signature.from(
      await account.signTypedData(await eip712DomainOf(open), PERMIT_TYPES, {
        owner: account.address,
        spender,
        value: amount,
        nonce,
        deadline,
      }),
    );
    const tx = await gopen.stakeWithPermit(amount, { deadline, v: signature.v, r: signature.r, s: signature.s });
    txs.push(tx.hash);
    gasUsed += (await tx.wait())?.gasUsed ?? 0n;
  } else {
    if ((await open.allowance(account.address, spender)) < amount) {
      const approval = await open.approve(spender, amount);
      txs.push(approval.hash);
      gasUsed += (await approval.wait())?.gasUsed ?? 0n;
    }
    const tx = await gopen.stake(amount);
    txs.push(tx.hash);
    gasUsed += (await tx.wait())?.gasUsed ?? 0n;
  }

  const [staked, votes, delegate, openLeft] = await Promise.all([
    gopen.balanceOf(account.address),
    gopen.getVotes(account.address),
    gopen.delegates(account.address),
    open.balanceOf(account.address),
  ]);
  const gOpen = amountFormat(args.json, "gOPEN");
  printResult(
    {
      account: account.address,
      staked: amountFormat(args.json, "OPEN")(amount),
      gOpenBalance: gOpen(staked),
      openBalance: amountFormat(args.json, "OPEN")(openLeft),
      delegate: delegate === ZeroAddress ? (args.json ? null : "none: run gov:delegate --to self to vote") : delegate,
      votes: gOpen(votes),
      txs,
      gasUsed,
    },
    args.json,
  );
});
