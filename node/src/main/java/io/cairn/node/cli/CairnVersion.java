package io.cairn.node.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code cairn --version}: the build's version and the running JVM. */
final class CairnVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = CairnVersion.class.getPackage().getImplementationVersion();
    return new String[] {
      "cairn " + (version == null ? "(development build)" : version),
      "JVM: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
