package io.cairn.chain.api;

import io.cairn.common.CairnIoException;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.Options;
import io.cairn.lsm.api.WriteOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's home directory: its identity and its two engine databases.
 *
 * <pre>
 * HOME/node.key   the node's Ed25519 identity (PEM PKCS#8, mode 0600)
 * HOME/records/   the off-chain record store (store name "records"): raw bytes under their hash
 * HOME/ledger/    the ledger: genesis, members, blocks, indexes
 * </pre>
 *
 * <p>On first use the directory is created (mode 0700) with a fresh identity, and the ledger gets
 * a genesis naming that identity as its regulator and an admission of the same identity (roles
 * SUBMIT and PROPOSE, organisation "local"): a one-node consortium. Each step is durable before
 * the next and repeated when missing, so a crash during first use leaves a home that the next
 * open completes.
 *
 * <p>Thread-safety: the objects it hands out are thread-safe as documented on each; only one
 * process may open a home at a time (the engine's directory lock refuses a second).
 */
public final class NodeHome implements AutoCloseable {
  /** File name of the identity. */
  public static final String KEY_FILE = "node.key";
  /** Organisation of a home's own member. */
  public static final String LOCAL_ORGANIZATION = "local";

  private static final Logger LOG = LoggerFactory.getLogger(NodeHome.class);

  private final Path directory;
  private final Identity identity;
  private final Db recordsDb;
  private final Db ledgerDb;
  private final Ledger ledger;
  private final LedgerNode node;

  private NodeHome(Path directory, Identity identity, Db recordsDb, Db ledgerDb, Ledger ledger, LedgerNode node) {
    this.directory = directory;
    this.identity = identity;
    this.recordsDb = recordsDb;
    this.ledgerDb = ledgerDb;
    this.ledger = ledger;
    this.node = node;
  }

  /**
   * Opens the home in {@code directory}, creating it on first use.
   *
   * @throws CairnIoException when the directory or key file cannot be created or read
   * @throws io.cairn.common.BusyException when another process has it open
   * @throws io.cairn.common.InvalidArgumentException when its ledger names another regulator than
   *     the home's identity
   */
  public static NodeHome open(Path directory) {
    Path home = directory.toAbsolutePath();
    Identity identity = identity(home);
    Db recordsDb = Cairn.open(home.resolve("records"), Options.defaults());
    Db ledgerDb = null;
    try {
      ledgerDb = Cairn.open(home.resolve("ledger"), Options.defaults());
      RecordStore records = new RecordStore(RecordStore.DEFAULT_NAME, recordsDb, WriteOptions.SYNC);
      // A home is a one-node consortium regulated by its own identity: a ledger that names any
      // other regulator (a replaced genesis) is refused at open.
      Ledger ledger = Ledger.open(ledgerDb, LedgerOptions.defaults().withSources(records).withRegulator(identity.key()));
      initialize(ledger, identity);
      LedgerNode node = new LedgerNode(identity, ledger, records, System::currentTimeMillis,
          LedgerNode.DEFAULT_ENTRIES_PER_TRANSACTION);
      return new NodeHome(home, identity, recordsDb, ledgerDb, ledger, node);
    } catch (RuntimeException e) {
      if (ledgerDb != null) {
        ledgerDb.close();
      }
      recordsDb.close();
      throw e;
    }
  }

  private static Identity identity(Path home) {
    Path keyFile = home.resolve(KEY_FILE);
    try {
      if (!Files.isDirectory(home)) {
        Files.createDirectories(home);
        if (home.getFileSystem().supportedFileAttributeViews().contains("posix")) {
          Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        }
      }
    } catch (IOException e) {
      throw CairnIoException.wrap("create home " + home, e);
    }
    if (Files.exists(keyFile)) {
      return KeyFiles.read(keyFile);
    }
    Identity fresh = Identity.generate();
    KeyFiles.write(fresh, keyFile);
    LOG.info("created node identity {} in {}", fresh.key().shortHex(), keyFile);
    return fresh;
  }

  /** Gives a new ledger its genesis and the home's member; repeats whichever step is missing. */
  private static void initialize(Ledger ledger, Identity identity) {
    long now = System.currentTimeMillis();
    if (ledger.genesis().isEmpty()) {
      ledger.apply(Genesis.create("cairn-" + identity.key().shortHex(), identity.key(), now));
    }
    Genesis genesis = ledger.genesis().orElseThrow();
    if (ledger.members().admission(identity.key()).isEmpty()) {
      ledger.apply(Admission.issue(identity, identity.key(), LOCAL_ORGANIZATION,
          EnumSet.of(Role.SUBMIT, Role.PROPOSE), Math.max(now, genesis.timestampMillis())));
    }
  }

  /** The home directory (absolute). */
  public Path directory() {
    return directory;
  }

  /** The node's identity. */
  public Identity identity() {
    return identity;
  }

  /** The node's ledger. */
  public Ledger ledger() {
    return ledger;
  }

  /** The node's anchoring and verification front end. */
  public LedgerNode node() {
    return node;
  }

  /** Closes the ledger and both databases (syncing them). */
  @Override
  public void close() {
    ledger.close();
    try {
      ledgerDb.close();
    } finally {
      recordsDb.close();
    }
  }
}
