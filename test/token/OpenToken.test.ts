import { expect } from "chai";
import { MaxUint256, Signature, ZeroAddress, parseEther, verifyTypedData } from "ethers";
import type { TypedDataDomain } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { loadSuite } from "../helpers/fixtures.js";
import type { OpenToken } from "../../typechain-types/index.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const INITIAL_SUPPLY = parseEther("1000000000");
const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

interface SignedPermit {
  value: bigint;
  deadline: bigint;
  nonce: bigint;
  domain: TypedDataDomain;
  signature: string;
  v: number;
  r: string;
  s: string;
}

/// `signer` signs an EIP-2612 permit on OPEN of `owner` (by default the signer itself) for `spender`.
async function signPermit(
  open: OpenToken,
  signer: HardhatEthersSigner,
  spender: string,
  value: bigint,
  deadline: bigint,
  owner: string = signer.address,
): Promise<SignedPermit> {
  const { chainId } = await ethers.provider.getNetwork();
  const domain: TypedDataDomain = { name: "Open", version: "1", chainId, verifyingContract: await open.getAddress() };
  const nonce = await open.nonces(owner);
  const signature = await signer.signTypedData(domain, PERMIT_TYPES, {
    owner,
    spender,
    value,
    nonce,
    deadline,
  });
  const { v, r, s } = Signature.from(signature);
  return { value, deadline, nonce, domain, signature, v, r, s };
}

describe("OpenToken", function () {
  describe("deployment", function () {
    it("is named Open, symbol OPEN, with 18 decimals", async function () {
      const { open } = await loadSuite(connection);

      expect(await open.name()).to.equal("Open");
      expect(await open.symbol()).to.equal("OPEN");
      expect(await open.decimals()).to.equal(18n);
    });

    it("mints the whole supply of 1,000,000,000 OPEN to the recipient, once", async function () {
      const { open, deployer, users } = await loadSuite(connection);

      expect(await open.INITIAL_SUPPLY()).to.equal(INITIAL_SUPPLY);
      expect(await open.totalSupply()).to.equal(INITIAL_SUPPLY);
      // The fixture moved 1,000,000 OPEN to each user; the rest stays with the recipient.
      const handedOut = parseEther("1000000") * BigInt(users.length);
      expect(await open.balanceOf(deployer.address)).to.equal(INITIAL_SUPPLY - handedOut);
    });

    it("emits the mint as a Transfer from the zero address to the recipient", async function () {
      const [, recipient] = await ethers.getSigners();
      const token = await ethers.deployContract("OpenToken", [recipient.address]);

      await expect(token.deploymentTransaction())
        .to.emit(token, "Transfer")
        .withArgs(ZeroAddress, recipient.address, INITIAL_SUPPLY);
      expect(await token.balanceOf(recipient.address)).to.equal(INITIAL_SUPPLY);
    });

    it("refuses the zero address as recipient", async function () {
      const factory = await ethers.getContractFactory("OpenToken");

      await expect(factory.deploy(ZeroAddress))
        .to.be.revertedWithCustomError(factory, "ERC20InvalidReceiver")
        .withArgs(ZeroAddress);
    });

    it("has no function that can mint", async function () {
      const { open } = await loadSuite(connection);
      const names: string[] = [];
      open.interface.forEachFunction((f) => names.push(f.name.toLowerCase()));

      expect(names).to.include("burn");
      expect(names.filter((n) => n.includes("mint") || n.includes("issue"))).to.deep.equal([]);
    });
  });

  describe("burn", function () {
    describe("when the holder burns part of its balance", function () {
      it("reduces its balance and the total supply and emits a Transfer to the zero address", async function () {
        const { open, users } = await loadSuite(connection);
        const [alice] = users;
        const amount = parseEther("1234");

        await expect(open.connect(alice).burn(amount))
          .to.emit(open, "Transfer")
          .withArgs(alice.address, ZeroAddress, amount);

        expect(await open.balanceOf(alice.address)).to.equal(parseEther("1000000") - amount);
        expect(await open.totalSupply()).to.equal(INITIAL_SUPPLY - amount);
      });
    });

    describe("when the holder burns more than its balance", function () {
      it("reverts with ERC20InsufficientBalance", async function () {
        const { open, stranger } = await loadSuite(connection);

        await expect(open.connect(stranger).burn(1n))
          .to.be.revertedWithCustomError(open, "ERC20InsufficientBalance")
          .withArgs(stranger.address, 0n, 1n);
      });
    });
  });

  describe("burnFrom", function () {
    describe("when the spender has an allowance", function () {
      it("burns from the holder, spends the allowance and reduces the supply", async function () {
        const { open, users } = await loadSuite(connection);
        const [alice, bob] = users;
        await open.connect(alice).approve(bob.address, parseEther("10"));

        await expect(open.connect(bob).burnFrom(alice.address, parseEther("4")))
          .to.emit(open, "Transfer")
          .withArgs(alice.address, ZeroAddress, parseEther("4"));

        expect(await open.allowance(alice.address, bob.address)).to.equal(parseEther("6"));
        expect(await open.balanceOf(alice.address)).to.equal(parseEther("999996"));
        expect(await open.totalSupply()).to.equal(INITIAL_SUPPLY - parseEther("4"));
      });
    });

    describe("when the allowance is too small", function () {
      it("reverts with ERC20InsufficientAllowance", async function () {
        const { open, users } = await loadSuite(connection);
        const [alice, bob] = users;
        await open.connect(alice).approve(bob.address, 3n);

        await expect(open.connect(bob).burnFrom(alice.address, 4n))
          .to.be.revertedWithCustomError(open, "ERC20InsufficientAllowance")
          .withArgs(bob.address, 3n, 4n);
      });
    });
  });

  describe("permit", function () {
    describe("when the signature is valid", function () {
      it("sets the allowance, emits Approval and consumes the nonce", async function () {
        const { open, users } = await loadSuite(connection);
        const [alice, bob] = users;
        const deadline = BigInt(await networkHelpers.time.latest()) + 3600n;
        const p = await signPermit(open, alice, bob.address, parseEther("50"), deadline);

        await expect(open.connect(bob).permit(alice.address, bob.address, p.value, deadline, p.v, p.r, p.s))
          .to.emit(open, "Approval")
          .withArgs(alice.address, bob.address, p.value);

        expect(await open.allowance(alice.address, bob.address)).to.equal(p.value);
        expect(await open.nonces(alice.address)).to.equal(p.nonce + 1n);
        await open.connect(bob).transferFrom(alice.address, bob.address, p.value);
        expect(await open.balanceOf(bob.address)).to.equal(parseEther("1000050"));
      });

      it("uses the EIP-712 domain Open / 1 on this chain", async function () {
        const { open } = await loadSuite(connection);
        const { chainId } = await ethers.provider.getNetwork();

        const domain = await open.eip712Domain();
        expect(domain.name).to.equal("Open");
        expect(domain.version).to.equal("1");
        expect(domain.chainId).to.equal(chainId);
        expect(domain.verifyingContract).to.equal(await open.getAddress());
      });
    });

    describe("when the deadline has passed", function () {
      it("reverts with ERC2612ExpiredSignature", async function () {
        const { open, users } = await loadSuite(connection);
        const [alice, bob] = users;
        const deadline = BigInt(await networkHelpers.time.latest()) + 10n;
        const p = await signPermit(open, alice, bob.address, 1n, deadline);
        await networkHelpers.time.increase(60);

        await expect(open.permit(alice.address, bob.address, 1n, deadline, p.v, p.r, p.s))
          .to.be.revertedWithCustomError(open, "ERC2612ExpiredSignature")
          .withArgs(deadline);
      });
    });

    describe("when the same signature is submitted twice", function () {
      it("refuses the replay with ERC2612InvalidSigner, since the nonce has moved on", async function () {
        const { open, users } = await loadSuite(connection);
        const [alice, bob] = users;
        const p = await signPermit(open, alice, bob.address, 7n, MaxUint256);
        await open.permit(alice.address, bob.address, 7n, MaxUint256, p.v, p.r, p.s);
        // The replay is checked against nonce + 1, so it recovers some other address.
        const recovered = verifyTypedData(
          p.domain,
          PERMIT_TYPES,
          { owner: alice.address, spender: bob.address, value: 7n, nonce: p.nonce + 1n, deadline: MaxUint256 },
          p.signature,
        );

        await expect(open.permit(alice.address, bob.address, 7n, MaxUint256, p.v, p.r, p.s))
          .to.be.revertedWithCustomError(open, "ERC2612InvalidSigner")
          .withArgs(recovered, alice.address);
      });
    });

    describe("when the signer is not the owner", function () {
      it("reverts with ERC2612InvalidSigner naming the signer", async function () {
        const { open, users } = await loadSuite(connection);
        const [alice, bob, mallory] = users;
        const p = await signPermit(open, mallory, bob.address, 1n, MaxUint256, alice.address);

        await expect(open.permit(alice.address, bob.address, 1n, MaxUint256, p.v, p.r, p.s))
          .to.be.revertedWithCustomError(open, "ERC2612InvalidSigner")
          .withArgs(mallory.address, alice.address);
      });
    });
  });
});
