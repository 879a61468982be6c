package io.cairn.pmem.l0;

import io.cairn.common.InvalidArgumentException;
import io.cairn.pmem.api.PmemBackend;
import io.cairn.pmem.api.PmemDirectory;
import io.cairn.pmem.api.PmemRegion;
import io.cairn.pmem.api.RegionOptions;
import io.cairn.pmem.testing.CrashSimulatingRegion;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A read-mostly directory of given region images (region header + payload), for fuzzing the open path. */
final class ImageDirectory implements PmemDirectory {
  private final Map<String, byte[]> images = new TreeMap<>();

  ImageDirectory put(String name, byte[] image) {
    images.put(name, image);
    return this;
  }

  @Override
  public String location() {
    return "memory:images";
  }

  @Override
  public RegionOptions options() {
    return RegionOptions.defaults().withBackend(PmemBackend.CRASH_SIMULATION);
  }

  @Override
  public PmemRegion create(String name, long size) {
    throw new UnsupportedOperationException("read-only image directory");
  }

  @Override
  public PmemRegion open(String name) {
    byte[] image = images.get(name);
    if (image == null) {
      throw new InvalidArgumentException("no pmem region " + name);
    }
    return CrashSimulatingRegion.open(name, image);
  }

  @Override
  public boolean exists(String name) {
    return images.containsKey(name);
  }

  @Override
  public List<String> list() {
    return List.copyOf(images.keySet());
  }

  @Override
  public void delete(String name) {
    images.remove(name);
  }
}
