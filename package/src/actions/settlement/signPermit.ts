/// signPermit: an EIP-2612 permit of OPEN, signed by the client's signer, for one of the suite's `…WithPermit`
/// functions. Nothing is sent.
import { Signature } from "ethers";
import type { TypedDataDomain, TypedDataField } from "ethers";
import type { Client } from "../../client.js";
import { chainNow, signerOf } from "../internal/signer.js";

/// EIP-2612: Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline).
export const PERMIT_TYPES: Record<string, TypedDataField[]> = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/// How long a permit stays valid by default, in seconds of chain time.
export const PERMIT_LIFETIME = 3_600n;

/// A permit signature as the suite's `…WithPermit` functions take it.
export interface SignedPermit {
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

export interface SignPermitParameters {
  /// Who may take the OPEN: a contract of the suite (`client.addresses.settlement`).
  spender: string;
  /// How much, in OPEN wei.
  value: bigint;
  /// Seconds of chain time the permit stays valid (default `PERMIT_LIFETIME`).
  lifetime?: bigint;
}

/// The EIP-712 domain a contract reports through ERC-5267 `eip712Domain()`.
export async function eip712DomainOf(contract: {
  eip712Domain(): Promise<{ name: string; version: string; chainId: bigint; verifyingContract: string }>;
}): Promise<TypedDataDomain> {
  const d = await contract.eip712Domain();
  return { name: d.name, version: d.version, chainId: d.chainId, verifyingContract: d.verifyingContract };
}

/// Signs a permit for `spender` to take `value` OPEN from the client's signer, bound to the chain and the token by
/// the token's own EIP-712 domain, with the signer's current nonce.
export async function signPermit(client: Client, params: SignPermitParameters): Promise<SignedPermit> {
  const { signer, address } = await signerOf(client, "signPermit");
  const deadline = (await chainNow(client)) + (params.lifetime ?? PERMIT_LIFETIME);
  const nonce = await client.open.nonces(address);
  const signature = Signature.from(
    await signer.signTypedData(await eip712DomainOf(client.open), PERMIT_TYPES, {
      owner: address,
      spender: params.spender,
      value: params.value,
      nonce,
      deadline,
    }),
  );
  return { deadline, v: signature.v, r: signature.r, s: signature.s };
}
