package io.cairn.pmem.testing;

import io.cairn.common.CairnIoException;
import io.cairn.pmem.backend.RegionFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * <b>For tests.</b> What a simulated power cut left of one region: the bytes of its file (header +
 * payload) and how many tracked lines were kept, dropped or torn.
 *
 * <p>Thread-safety: the array is shared, not copied; treat it as read-only.
 *
 * @param name the region's name
 * @param bytes the region file's bytes after the crash
 * @param keptLines lines that kept their newest bytes
 * @param droppedLines lines that fell back to their durable bytes
 * @param tornLines lines mixed word by word
 */
public record CrashImage(String name, byte[] bytes, int keptLines, int droppedLines, int tornLines) {
  /** A region over a copy of these bytes, on a simulated machine of its own: the restart. */
  public CrashSimulatingRegion open() {
    return CrashSimulatingRegion.open(name, bytes);
  }

  /** The payload's size. */
  public long payloadBytes() {
    return bytes.length - (long) RegionFormat.HEADER_BYTES;
  }

  /**
   * Writes the image as a region file that the FFM and libpmem backends open.
   *
   * @throws CairnIoException when it cannot be written
   */
  public void writeTo(Path file) {
    try {
      Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw CairnIoException.wrap("write crash image of " + name + " to " + file, e);
    }
  }

  @Override
  public String toString() {
    return "CrashImage[" + name + ", " + bytes.length + " bytes, kept " + keptLines + ", dropped "
        + droppedLines + ", torn " + tornLines + " line(s)]";
  }
}
