/**
 * The bottom of the module graph: Cairn's one unchecked exception hierarchy and the byte-level
 * helpers (CRC32C framing, varints, unsigned comparison) that every persistent format uses.
 * Depends on nothing but {@code java.base}.
 */
module io.cairn.common {
  exports io.cairn.common;
}
