package io.cairn.node.cli;

import io.cairn.chain.api.Identity;
import io.cairn.chain.api.KeyFiles;
import io.cairn.chain.api.MemberKey;
import io.cairn.common.CairnIoException;
import io.cairn.common.InvalidArgumentException;
import io.cairn.consortium.CertifiedChain;
import io.cairn.consortium.CommitRecord;
import io.cairn.consortium.ConsortiumBlock;
import io.cairn.consortium.ConsortiumSettings;
import io.cairn.consortium.EnterpriseCertificate;
import io.cairn.consortium.Regulator;
import io.cairn.consortium.StateProof;
import io.cairn.consortium.StateUpload;
import io.cairn.consortium.UploadSession;
import io.cairn.node.api.ExitCodes;
import io.cairn.node.api.Json;
import io.cairn.node.api.JsonOption;
import io.cairn.node.client.NodeClient;
import io.cairn.node.consortium.ConsortiumJson;
import io.cairn.node.process.ProcessControl;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The consortium's client commands ({@code docs/consortium.md}, "Commands"): the regulator's
 * {@code admit} and {@code revoke}, an enterprise's {@code upload} (the client does the X25519
 * session and AES-GCM sealing), and the evaluators' {@code history}, {@code uploads} and {@code
 * blocks}, whose answers are checked against the HQ nodes' keys in the cluster folder.
 */
final class ConsortiumClientCommands {
  private static final HexFormat HEX = HexFormat.of();

  private ConsortiumClientCommands() {}

  @Command(name = "admit", mixinStandardHelpOptions = true,
      description = {"The regulator (DIR/regulator.key) admits an enterprise: its certificate is ordered by the HQ"
          + " nodes' Byzantine core; waits until the asked HQ node applied it.", "Prints: admitted KEY serial S home"
          + " hq H"})
  static final class Admit implements Callable<Integer> {
    @Mixin ConsortiumCommand.Target target;

    @Option(names = "--enterprise", paramLabel = "KEY", required = true,
        description = "The enterprise's Ed25519 public key, hex (consortium keygen prints it).")
    String enterprise;

    @Option(names = "--organization", paramLabel = "NAME", required = true, description = "Its organisation.")
    String organization;

    @Option(names = "--home-hq", paramLabel = "H", required = true, description = "Its local HQ node, 0..n-1.")
    int homeHq;

    @Mixin Applied applied;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ConsortiumSettings settings = target.settings();
      if (homeHq < 0 || homeHq >= settings.n()) {
        throw new InvalidArgumentException("--home-hq must be 0.." + (settings.n() - 1) + ", was " + homeHq);
      }
      MemberKey key = key(enterprise);
      EnterpriseCertificate certificate = regulator(target).admit(key, organization, homeHq, System.currentTimeMillis());
      NodeClient client = target.client();
      if (!applied.submit(client, certificate.encode(), key, "admitted", spec)) {
        return ExitCodes.FAILED;
      }
      spec.commandLine().getOut().println("admitted " + key.hex() + " serial " + certificate.serial() + " home hq "
          + homeHq);
      return ExitCodes.OK;
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true,
      description = "The regulator revokes an enterprise's certificate (ordered like an admission); its later uploads"
          + " are refused as REVOKED, its records on chain stay history.")
  static final class Revoke implements Callable<Integer> {
    @Mixin ConsortiumCommand.Target target;

    @Option(names = "--enterprise", paramLabel = "KEY", required = true, description = "The enterprise's public key, hex.")
    String enterprise;

    @Option(names = "--reason", paramLabel = "TEXT", defaultValue = "revoked by the regulator",
        description = "Why (signed into the revocation).")
    String reason;

    @Mixin Applied applied;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      MemberKey key = key(enterprise);
      NodeClient client = target.client();
      JsonObject admission = client.getJson("consortium/enterprises/" + key.hex());
      if (!admission.containsKey("certificate")) {
        throw new InvalidArgumentException("enterprise " + key.hex() + " has no certificate at " + client.baseUrl());
      }
      EnterpriseCertificate certificate = EnterpriseCertificate.decode(HEX.parseHex(admission.getString("certificate")));
      byte[] revocation = regulator(target).revoke(certificate, reason, System.currentTimeMillis()).encode();
      if (!applied.submit(client, revocation, key, "revoked", spec)) {
        return ExitCodes.FAILED;
      }
      spec.commandLine().getOut().println("revoked " + key.hex() + " serial " + certificate.serial());
      return ExitCodes.OK;
    }
  }

  @Command(name = "upload", mixinStandardHelpOptions = true,
      description = {"An enterprise uploads one state record to its HQ node: signed with --key, sealed in an X25519"
          + " session with AES-256-GCM; the HQ node answers at once.", "Prints: VERDICT detail (exit 0 when"
          + " ACCEPTED, 1 when refused)."})
  static final class Upload implements Callable<Integer> {
    @Mixin ConsortiumCommand.Target target;

    @Option(names = "--key", paramLabel = "FILE", description = "The enterprise's key file (consortium keygen).")
    Path keyFile;

    @ArgGroup(exclusive = true)
    State state;

    static final class State {
      @Option(names = "--state", paramLabel = "TEXT", description = "The state data, as UTF-8 text.")
      String text;

      @Option(names = "--state-hex", paramLabel = "HEX", description = "The state data, hex.")
      String hex;
    }

    @Option(names = "--sequence", paramLabel = "N",
        description = "The record's sequence number, above the enterprise's last (default: now in ms).")
    Long sequence;

    @Option(names = "--save", paramLabel = "FILE", description = "Also write the sealed envelope to FILE.")
    Path save;

    @Option(names = "--resend", paramLabel = "FILE",
        description = "Send a saved envelope again as it is (a replay: the HQ node must refuse it); no --key needed.")
    Path resend;

    @Option(names = "--sender", paramLabel = "KEY",
        description = "Name another enterprise as the envelope's sender (an impersonation: must be refused).")
    String sender;

    @Mixin JsonOption json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      NodeClient client = target.client();
      byte[] envelope = resend != null ? Files.readAllBytes(resend) : seal(client);
      if (save != null) {
        Files.write(save, envelope);
      }
      NodeClient.Answer answer = client.postBytes("consortium/uploads", envelope);
      JsonObject body = answer.body();
      String verdict = body.getString("verdict", body.getString("error", "ERROR"));
      String detail = body.getString("detail", body.getString("message", ""));
      boolean accepted = answer.status() == 200 && body.getBoolean("accepted", false);
      spec.commandLine().getOut().println(verdict + " " + detail);
      json.write(Json.object().put("verdict", verdict).put("accepted", accepted).put("detail", detail));
      return accepted ? ExitCodes.OK : ExitCodes.FAILED;
    }

    private byte[] seal(NodeClient client) {
      if (keyFile == null || state == null) {
        throw new InvalidArgumentException("give --key and --state or --state-hex (or --resend FILE)");
      }
      Identity identity = KeyFiles.read(keyFile);
      byte[] data;
      try {
        data = state.text != null ? state.text.getBytes(StandardCharsets.UTF_8) : HEX.parseHex(state.hex);
      } catch (IllegalArgumentException e) {
        throw new InvalidArgumentException("--state-hex is not hex");
      }
      JsonObject info = client.getJson("consortium");
      int hq = info.getInt("hq");
      byte[] x25519 = HEX.parseHex(info.getString("x25519"));
      ConsortiumSettings settings = target.settings();
      if (hq >= settings.n() || !Arrays.equals(x25519, settings.hqs().get(hq).encryptionKey())) {
        throw new InvalidArgumentException("the node at " + client.baseUrl() + " presents an X25519 key that "
            + target.dir + " does not list for hq" + hq);
      }
      long seq = sequence != null ? sequence : System.currentTimeMillis();
      StateUpload record = StateUpload.sign(identity, hq, seq, System.currentTimeMillis(), data);
      MemberKey from = sender != null ? key(sender) : identity.key();
      return new UploadSession(from, hq, x25519, new SecureRandom()).seal(record).encode();
    }
  }

  @Command(name = "history", mixinStandardHelpOptions = true,
      description = {"An evaluator reads an enterprise's state history with proofs and checks each: record ->"
          + " data set root -> block root -> block, the block certified by a quorum of the HQ nodes the folder"
          + " lists.", "Prints one line per record; exit 1 when a proof fails."})
  static final class History implements Callable<Integer> {
    @Mixin ConsortiumCommand.Target target;

    @Option(names = "--enterprise", paramLabel = "KEY", required = true, description = "The enterprise's public key, hex.")
    String enterprise;

    @Mixin JsonOption json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ConsortiumSettings settings = target.settings();
      NodeClient client = target.client();
      MemberKey key = key(enterprise);
      JsonObject answer = client.getJson("consortium/enterprises/" + key.hex() + "/history");
      PrintWriter out = spec.commandLine().getOut();
      Json.Arr lines = Json.array();
      int failed = 0;
      for (JsonObject item : answer.getJsonArray("records").getValuesAs(JsonObject.class)) {
        StateProof proof = ConsortiumJson.proof(item);
        String failure = certifiedHash(client, settings, proof.height(), proof);
        failed += failure == null ? 0 : 1;
        StateUpload record = proof.record();
        out.println("height " + proof.height() + " sequence " + record.sequence() + " at " + record.timestampMillis()
            + " hq " + record.hq() + " " + record.state().length + " bytes: " + (failure == null ? "proof ok"
                : "PROOF FAILS: " + failure));
        lines.add(Json.object().put("height", proof.height()).put("sequence", record.sequence())
            .put("timestamp_ms", record.timestampMillis()).put("hq", record.hq())
            .put("state", HEX.formatHex(record.state())).put("proof_ok", failure == null));
      }
      out.println(lines.size() + " records, " + (failed == 0 ? "every proof checks" : failed + " proofs fail"));
      json.write(Json.object().put("enterprise", key.hex()).put("records", lines).put("verified", failed == 0));
      return failed == 0 ? ExitCodes.OK : ExitCodes.FAILED;
    }

    /** Null when {@code proof} leads to the certified block at {@code height}; else why not. */
    private static String certifiedHash(NodeClient client, ConsortiumSettings settings, long height, StateProof proof) {
      List<JsonObject> blocks = client.getJson("consortium/blocks?from=" + height + "&limit=1")
          .getJsonArray("blocks").getValuesAs(JsonObject.class);
      if (blocks.isEmpty()) {
        return "the node has no block at height " + height;
      }
      ConsortiumBlock block = ConsortiumBlock.decode(HEX.parseHex(blocks.getFirst().getString("block")));
      CommitRecord commit = CommitRecord.decode(HEX.parseHex(blocks.getFirst().getString("commit")));
      if (block.height() != height || commit.height() != height) {
        return "the node answered another height";
      }
      String uncertified = CertifiedChain.commitFailure(settings, commit, block.hash());
      return uncertified != null ? "block " + height + ": " + uncertified : proof.check(block.hash());
    }
  }

  @Command(name = "uploads", mixinStandardHelpOptions = true,
      description = "Who uploaded what and when: every record on chain with an enterprise timestamp in [from, to).")
  static final class Uploads implements Callable<Integer> {
    @Mixin ConsortiumCommand.Target target;

    @Option(names = "--from-ms", paramLabel = "MS", defaultValue = "0", description = "From (ms since the epoch).")
    long from;

    @Option(names = "--to-ms", paramLabel = "MS", defaultValue = "" + Long.MAX_VALUE, description = "To, exclusive.")
    long to;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      JsonObject answer = target.client().getJson("consortium/uploads?from_ms=" + from + "&to_ms=" + to);
      PrintWriter out = spec.commandLine().getOut();
      for (JsonObject line : answer.getJsonArray("uploads").getValuesAs(JsonObject.class)) {
        out.println(line.getString("enterprise") + " sequence " + line.getJsonNumber("sequence") + " at "
            + line.getJsonNumber("timestamp_ms") + " via hq " + line.getInt("hq") + " in block "
            + line.getJsonNumber("height") + " (" + line.getInt("state_bytes") + " bytes)");
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "blocks", mixinStandardHelpOptions = true,
      description = {"Download the block index table (every block and commit record) from an HQ node and check it"
          + " link by link from the genesis: what an admitted node does first.", "Prints: N blocks, head HASH"})
  static final class Blocks implements Callable<Integer> {
    @Mixin ConsortiumCommand.Target target;

    @Mixin JsonOption json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      ConsortiumSettings settings = target.settings();
      NodeClient client = target.client();
      List<ConsortiumBlock> blocks = new ArrayList<>();
      List<CommitRecord> commits = new ArrayList<>();
      while (true) {
        JsonObject page = client.getJson("consortium/blocks?from=" + blocks.size());
        for (JsonObject item : page.getJsonArray("blocks").getValuesAs(JsonObject.class)) {
          blocks.add(ConsortiumBlock.decode(HEX.parseHex(item.getString("block"))));
          commits.add(CommitRecord.decode(HEX.parseHex(item.getString("commit"))));
        }
        if (page.getJsonArray("blocks").isEmpty() || blocks.size() >= page.getJsonNumber("height").longValue()) {
          break;
        }
      }
      String failure = CertifiedChain.chainFailure(settings, blocks, commits);
      String head = blocks.isEmpty() ? "-" : HEX.formatHex(blocks.getLast().hash());
      spec.commandLine().getOut().println(blocks.size() + " blocks, head " + head + ": " + (failure == null
          ? "every block linked and certified by " + settings.quorum() + " of " + settings.n() + " HQ nodes"
          : "FAILS: " + failure));
      json.write(Json.object().put("height", blocks.size()).put("head_hash", head).put("verified", failure == null)
          .put("failure", failure));
      return failure == null ? ExitCodes.OK : ExitCodes.FAILED;
    }
  }

  private static MemberKey key(String hex) {
    try {
      return MemberKey.parse(hex.strip().toLowerCase(java.util.Locale.ROOT));
    } catch (RuntimeException e) {
      throw new InvalidArgumentException("an enterprise key is 64 hex characters, was '" + hex + "'");
    }
  }

  private static Regulator regulator(ConsortiumCommand.Target target) {
    Path file = target.dir.resolve("regulator.key");
    if (!Files.isRegularFile(file)) {
      throw new InvalidArgumentException(target.dir + " has no regulator.key: only the regulator admits and revokes");
    }
    return new Regulator(KeyFiles.read(file), System.currentTimeMillis());
  }

  /** The regulator's submission of a certificate or revocation and the wait until the HQ node applied it. */
  static final class Applied {
    /** How long a submission waits before it is sent again. */
    private static final Duration RESEND = Duration.ofSeconds(10);

    @Option(names = "--wait-s", paramLabel = "S", defaultValue = "20",
        description = "Seconds to wait until the HQ node applied it (default ${DEFAULT-VALUE}).")
    int waitSeconds;

    /**
     * Posts {@code operation} and polls the enterprise's admission until its status is {@code
     * status}; false (with a line on stderr) when it was not within {@code --wait-s}.
     */
    boolean submit(NodeClient client, byte[] operation, MemberKey key, String status, CommandSpec spec) {
      long start = System.nanoTime();
      long deadline = start + Duration.ofSeconds(waitSeconds).toNanos();
      long resend = start;
      while (true) {
        if (System.nanoTime() >= resend) {
          // Sent again while not applied, as a PBFT client retransmits: a request lost in a view change
          // is ordered the next time; applying the same certificate or revocation twice changes nothing.
          NodeClient.Answer answer = client.postBytes("consortium/admissions", operation);
          if (answer.status() != 202) {
            throw new InvalidArgumentException("the HQ node refused it: " + answer.body().getString("message", ""));
          }
          resend = System.nanoTime() + RESEND.toNanos();
        }
        if (status.equals(client.getJson("consortium/enterprises/" + key.hex()).getString("status", ""))) {
          return true;
        }
        if (System.nanoTime() > deadline) {
          spec.commandLine().getErr().println(spec.qualifiedName() + ": submitted, but not " + status + " within "
              + waitSeconds + " s");
          return false;
        }
        ProcessControl.sleep(Duration.ofMillis(100));
      }
    }
  }
}
