/// Shared behaviours, in the style of OpenZeppelin's `shouldBehaveLike…`: one definition of what a restricted setter
/// and a pausable contract must do, called from each contract's tests.
export { shouldBehaveLikeRestrictedSetter } from "./restricted-setter.js";
export type { RestrictedSetter } from "./restricted-setter.js";
export { shouldBehaveLikePausable } from "./pausable.js";
export type { Call, Pausable } from "./pausable.js";
