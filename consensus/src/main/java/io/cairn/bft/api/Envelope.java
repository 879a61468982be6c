package io.cairn.bft.api;

/** A message for replica {@code to}. */
public record Envelope(int to, BftMessage message) {}
