package io.cairn.lsm.crash;

import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child process of the crash and lock tests (test code, run in its own JVM).
 *
 * <pre>
 * write DIR SEED START SETUP WAL  applies workload operations START, START+1, ... forever with L0
 *                        placed as SETUP says (SSD, PMEM, ...) and the WAL as WAL says (DISK, PMEM), printing
 *                        "ack N" after operation N returned; the parent kills it with kill -9
 * hold DIR               opens the database, prints "ready" and waits until stdin closes
 * </pre>
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = System.out;
    Path directory = Path.of(args[1]);
    if (args[0].equals("hold")) {
      try (Db db = Cairn.open(directory, CrashWorkload.options())) {
        out.println("ready");
        out.flush();
        while (System.in.read() >= 0) {
          // Hold the database until the parent closes our stdin or kills us.
        }
      }
      return;
    }
    CrashWorkload workload = new CrashWorkload(Long.parseLong(args[2]));
    long index = Long.parseLong(args[3]);
    Db db = Cairn.open(directory, CrashWorkload.options(CrashWorkload.Setup.valueOf(args[4]),
        CrashWorkload.Wal.valueOf(args[5])));
    out.println("ready");
    out.flush();
    while (true) {
      workload.apply(db, index);
      out.println("ack " + index);
      out.flush();
      index++;
    }
  }
}
