package io.cairn.bft.sim;

import io.cairn.bft.api.Protocol;

public class Scratch {
  public static void main(String[] args) {
    Protocol p = Protocol.valueOf(args[0]);
    int n = Integer.parseInt(args[1]);
    int b = Integer.parseInt(args[2]);
    int seeds = Integer.parseInt(args[3]);
    Attack attack = args.length > 4 ? Attack.parse(args[4]) : Attack.MIXED;
    SimSettings s = new SimSettings(p, n, b, attack, 4, 6, 1000, 120, 3, false, CostModel.defaults());
    if (args.length > 5) {
      BftSimulator.Report r = BftSimulator.replay(s, Long.parseLong(args[5]), System.out::println);
      System.out.println(r.failures());
      return;
    }
    long t0 = System.nanoTime();
    BftSimulator.Report r = BftSimulator.sweep(s, 1, seeds, 2, (x, ok) -> { });
    System.out.printf("violations=%d msgs/dec=%.1f bytes/dec=%.0f tput=%.1f view=%d rejected=%d fast=%d slow=%d wall=%.1fs%n",
        r.violations(), r.messagesPerDecision(), r.bytesPerDecision(), r.throughputPerSecondVirtual(), r.highestView(),
        r.rejected(), r.fastCertificates(), r.slowCertificates(), (System.nanoTime() - t0) / 1e9);
    r.failures().stream().limit(10).forEach(System.out::println);
  }
}
