package io.cairn.ffi;

/** A native library was found but lacks a function Cairn binds; the message names both. */
final class MissingSymbolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MissingSymbolException(String message) {
    super(message);
  }
}
