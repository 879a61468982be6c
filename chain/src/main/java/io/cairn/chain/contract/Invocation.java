package io.cairn.chain.contract;

import io.cairn.chain.api.MemberKey;

/**
 * What a contract is called with: who signed the call, the contract's name, the method (for a
 * deployment: the code name) and the arguments. The arguments array is the call's own copy; a
 * contract must not change it.
 */
public record Invocation(MemberKey caller, String contract, String method, byte[] args) {}
