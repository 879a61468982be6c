package io.cairn.consortium.sim;

import io.cairn.chain.api.Identity;
import io.cairn.consortium.ConsortiumSettings;
import io.cairn.consortium.DataSet;
import io.cairn.consortium.EnterpriseCertificate;
import io.cairn.consortium.Evidence;
import io.cairn.consortium.HqInfo;
import io.cairn.consortium.HqMessage;
import io.cairn.consortium.HqNode;
import io.cairn.consortium.Receipt;
import io.cairn.consortium.Regulator;
import io.cairn.consortium.StateProof;
import io.cairn.consortium.StateUpload;
import io.cairn.consortium.UploadCipher;
import io.cairn.consortium.UploadEnvelope;
import io.cairn.consortium.UploadVerdict;
import io.cairn.consortium.X25519Key;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A seeded run of one consortium in virtual time in one JVM: a regulator, {@code hqs} HQ nodes
 * (one of them possibly malicious with an {@link Attack}), enterprises uploading to their local HQ,
 * and two malicious enterprises (one replays its uploads, one impersonates another). Messages take
 * 1-3 ms. At the end it checks that every honest HQ holds the same chain, that every record an
 * honest HQ accepted is on it with a proof that checks, that every forged record on it is voided
 * by the audit, that the malicious enterprises were refused, and that the malicious HQ was
 * flagged (when its attack is one a leader or the audit can see) and no honest one was. The same
 * seed gives the same run.
 */
public final class ConsortiumSimulation {
  /** What a run found; {@code problems} is empty when every check passed. */
  public record Result(long seed, int blocks, long committedRecords, long acceptedByHonest,
      Map<UploadVerdict, Integer> refusals, Map<Integer, List<Evidence>> flagged, List<String> problems,
      List<String> events) {}

  private static final long PERIOD_MILLIS = 1_000;

  private final long seed;
  private final SplittableRandom random;
  private final int malicious;
  private final Attack attack;
  private final List<HqNode> nodes = new ArrayList<>();
  private final List<Identity> hqIdentities = new ArrayList<>();
  private final List<Identity> enterprises = new ArrayList<>();
  private final List<byte[]> hqEncryption = new ArrayList<>();
  private final PriorityQueue<Delivery> queue = new PriorityQueue<>();
  private final List<StateUpload> acceptedByHonest = new ArrayList<>();
  private final Map<UploadVerdict, Integer> refusals = new EnumMap<>(UploadVerdict.class);
  private final List<String> problems = new ArrayList<>();
  private final SecureRandom sealing;
  private long deliveries;

  private record Delivery(long at, long order, HqMessage message) implements Comparable<Delivery> {
    @Override
    public int compareTo(Delivery other) {
      return at != other.at ? Long.compare(at, other.at) : Long.compare(order, other.order);
    }
  }

  private ConsortiumSimulation(long seed, int hqs, int malicious, Attack attack) {
    this.seed = seed;
    this.random = new SplittableRandom(seed);
    this.malicious = attack == Attack.NONE ? -1 : malicious;
    this.attack = attack;
    this.sealing = seeded(random.nextLong());
    List<HqInfo> infos = new ArrayList<>();
    List<X25519Key> keys = new ArrayList<>();
    for (int i = 0; i < hqs; i++) {
      Identity identity = Identity.fromSeed(bytes(32));
      X25519Key key = X25519Key.fromSecret(bytes(32));
      hqIdentities.add(identity);
      keys.add(key);
      hqEncryption.add(key.publicKey());
      infos.add(new HqInfo(i, identity.key(), key.publicKey()));
    }
    Regulator regulator = new Regulator(Identity.fromSeed(bytes(32)));
    ConsortiumSettings settings = ConsortiumSettings.defaults(regulator.key(), infos, PERIOD_MILLIS);
    for (int i = 0; i < hqs; i++) {
      nodes.add(new HqNode(settings, i, hqIdentities.get(i), keys.get(i), new SplittableRandom(random.nextLong())));
    }
    int honest = malicious == 0 ? 1 : 0;
    for (int e = 0; e < hqs + 2; e++) {
      Identity enterprise = Identity.fromSeed(bytes(32));
      enterprises.add(enterprise);
      EnterpriseCertificate certificate = regulator.admit(enterprise.key(), "enterprise-" + e, e % hqs, 0);
      nodes.get(honest).submitAdmission(certificate.encode());
    }
  }

  /** Runs {@code periods} periods of uploads with HQ {@code malicious} doing {@code attack}. */
  public static Result run(long seed, int hqs, int malicious, Attack attack, int periods) {
    return new ConsortiumSimulation(seed, hqs, malicious, attack).run(periods);
  }

  private Result run(int periods) {
    long[] sequence = new long[enterprises.size()];
    List<byte[]> sent = new ArrayList<>();
    long uploadsUntil = periods * PERIOD_MILLIS;
    long end = uploadsUntil + 4 * PERIOD_MILLIS;
    for (long now = 0; now <= end; now++) {
      for (HqNode node : nodes) {
        node.tick(now);
      }
      if (now >= 300 && now < uploadsUntil && now % 100 == 0) {
        uploadRound(now, sequence, sent);
      }
      flush(now);
      while (!queue.isEmpty() && queue.peek().at() <= now) {
        HqMessage message = queue.poll().message();
        nodes.get(message.to()).step(message, now);
        flush(now);
      }
    }
    check();
    List<String> events = new ArrayList<>();
    nodes.forEach(node -> events.addAll(node.events()));
    nodes.forEach(node -> events.add("hq" + node.number() + " ordering: " + node.orderingStatus()));
    HqNode reference = nodes.get(malicious == 0 ? 1 : 0);
    return new Result(seed, (int) reference.ledger().height(), reference.ledger().records(), acceptedByHonest.size(),
        refusals, reference.ledger().flagged(), problems, events);
  }

  /** Honest enterprises upload one record each; the last two misbehave (replay, impersonation). */
  private void uploadRound(long now, long[] sequence, List<byte[]> sent) {
    int n = nodes.size();
    for (int e = 0; e < enterprises.size(); e++) {
      int hq = e % n;
      if (e == enterprises.size() - 2 && !sent.isEmpty()) {
        byte[] replayed = sent.get(random.nextInt(sent.size()));
        expectRefused(nodes.get(UploadEnvelope.decode(replayed).hq()).upload(replayed), UploadVerdict.REPLAY);
        continue;
      }
      if (e == enterprises.size() - 1) {
        Identity victim = enterprises.get(hq);
        StateUpload claimed = StateUpload.withSignature(victim.key(), hq, 1_000_000 + now, now, bytes(8),
            enterprises.get(e).sign(bytes(8)));
        expectRefused(nodes.get(hq).upload(UploadCipher.seal(claimed, hqEncryption.get(hq), sealing).encode()),
            UploadVerdict.BAD_SIGNATURE);
        StateUpload captured = StateUpload.sign(victim, hq, 2_000_000 + now, now, bytes(8));
        expectRefused(nodes.get(hq).upload(UploadCipher.seal(captured, enterprises.get(e).key(), hqEncryption.get(hq),
            sealing).encode()), UploadVerdict.IMPERSONATION);
        StateUpload own = StateUpload.sign(enterprises.get(e), hq, ++sequence[e], now, bytes(8));
        byte[] sealed = UploadCipher.seal(own, hqEncryption.get(hq), sealing).encode();
        byte[] impersonating = withSender(sealed, victim.key().bytes());
        expectRefused(nodes.get(hq).upload(impersonating), UploadVerdict.UNDECRYPTABLE);
        continue;
      }
      StateUpload upload = StateUpload.sign(enterprises.get(e), hq, ++sequence[e], now, bytes(16 + random.nextInt(48)));
      byte[] envelope = UploadCipher.seal(upload, hqEncryption.get(hq), sealing).encode();
      Receipt receipt = nodes.get(hq).upload(envelope);
      if (receipt.accepted()) {
        if (sent.size() < 16) {
          sent.add(envelope);
        }
        if (hq != malicious) {
          acceptedByHonest.add(upload);
        }
      } else {
        problems.add("an honest upload was refused: " + receipt);
      }
    }
  }

  /** The envelope with its sender field replaced (the AEAD binds the sender: it must fail to open). */
  private static byte[] withSender(byte[] envelope, byte[] sender) {
    byte[] copy = envelope.clone();
    System.arraycopy(sender, 0, copy, 5, sender.length);
    int crcAt = copy.length - 4;
    io.cairn.common.Varints.putFixed32(copy, crcAt,
        io.cairn.common.Crc32c.mask(io.cairn.common.Crc32c.of(copy, 0, crcAt)));
    return copy;
  }

  private void expectRefused(Receipt receipt, UploadVerdict expected) {
    refusals.merge(receipt.verdict(), 1, Integer::sum);
    if (receipt.verdict() != expected) {
      problems.add("a malicious upload got " + receipt + ", expected " + expected);
    }
  }

  private void flush(long now) {
    for (HqNode node : nodes) {
      for (HqMessage message : node.drainOutbox()) {
        HqMessage sent = node.number() == malicious ? Adversary.rewrite(message, attack, hqIdentities, enterprises,
            random) : message;
        if (sent != null) {
          queue.add(new Delivery(now + 1 + random.nextInt(3), deliveries++, sent));
        }
      }
    }
  }

  private void check() {
    List<HqNode> honest = nodes.stream().filter(node -> node.number() != malicious).toList();
    HqNode reference = honest.getFirst();
    for (HqNode node : honest) {
      if (node.ledger().height() != reference.ledger().height()
          || !Arrays.equals(node.ledger().headHash(), reference.ledger().headHash())) {
        problems.add("hq" + node.number() + " holds another chain than hq" + reference.number());
      }
    }
    for (StateUpload upload : acceptedByHonest) {
      List<StateProof> history = reference.ledger().history(upload.enterprise());
      StateProof proof = history.stream().filter(p -> p.record().equals(upload)).findFirst().orElse(null);
      if (proof == null) {
        problems.add("an honestly accepted record is not on chain: " + upload);
      } else {
        String failure = proof.check(reference.ledger().block(proof.height()).hash());
        if (failure != null) {
          problems.add("the proof of " + upload + " fails: " + failure);
        }
      }
    }
    for (long h = 0; h < reference.ledger().height(); h++) {
      List<DataSet> dataSets = reference.ledger().block(h).dataSets();
      for (int d = 0; d < dataSets.size(); d++) {
        List<StateUpload> records = dataSets.get(d).records();
        for (int r = 0; r < records.size(); r++) {
          if (!records.get(r).signatureValid() && !reference.ledger().isVoid(h, d, r)) {
            problems.add("a forged record is on chain and not voided by the audit: " + records.get(r));
          }
        }
      }
    }
    Map<Integer, List<Evidence>> flagged = reference.ledger().flagged();
    for (int hq : flagged.keySet()) {
      if (hq != malicious) {
        problems.add("honest hq" + hq + " was flagged: " + flagged.get(hq));
      }
    }
    boolean visible = attack == Attack.FORGED_RECORD || attack == Attack.WITHHOLD_RESULTS
        || attack == Attack.CONTRADICTORY_RESULTS;
    if (visible && !flagged.containsKey(malicious)) {
      problems.add("malicious hq" + malicious + " (" + attack + ") was not flagged");
    }
  }

  private byte[] bytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static SecureRandom seeded(long seed) {
    try {
      SecureRandom secure = SecureRandom.getInstance("SHA1PRNG");
      secure.setSeed(seed);
      return secure;
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK provides SHA1PRNG", e);
    }
  }
}
