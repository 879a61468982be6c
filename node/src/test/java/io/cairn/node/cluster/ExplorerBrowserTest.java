package io.cairn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.common.CairnException;
import io.cairn.kraft.api.Mode;
import io.cairn.lsm.api.Cairn;
import io.cairn.lsm.api.Db;
import io.cairn.lsm.api.DbIterator;
import io.cairn.lsm.api.Options;
import io.cairn.node.client.NodeClient;
import io.cairn.node.process.ProcessControl;
import io.cairn.replication.api.NodeConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The explorer page in headless Chromium against a real 3-node KRaft cluster on loopback (one
 * cluster for every step): the cluster view names the leader and the candidate layer; a file
 * anchored through the page (the page asks for the API token when the node refuses the write)
 * lands in a block; its record view shows the Merkle proof; it verifies on the node and by every
 * member; bad input gets a clear message; the charts draw the node's live figures; a record
 * tampered on its owner's disk fails verification; after kill -9 of the leader the page shows the
 * new one. A screenshot of each step goes to {@code target/explorer-screenshots/}.
 * Skipped, saying why, where Debian's {@code chromium} and {@code chromium-driver} are not installed.
 */
class ExplorerBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SCREENSHOTS = Path.of("target", "explorer-screenshots");

  @TempDir Path directory;

  @Test
  void explorerAnchorsVerifiesSeesTamperingAndFollowsTheLeader() throws Exception {
    Optional<Path> browserBinary = HeadlessChromium.find(HeadlessChromium.BROWSERS);
    Optional<Path> driverBinary = HeadlessChromium.find(HeadlessChromium.DRIVERS);
    Assumptions.assumeTrue(browserBinary.isPresent() && driverBinary.isPresent(),
        "ExplorerBrowserTest skipped: Debian's chromium and chromium-driver are not installed "
            + "(apt-get install -y chromium chromium-driver; .ci/run installs them)");
    Path dir = directory.resolve("cluster");
    LocalCluster.create(dir, 3, Mode.KRAFT, true);
    System.setProperty("cairn.node.javaOpts", ClusterHarness.NODE_JAVA_OPTS);
    try (ClusterHarness harness = ClusterHarness.open(dir);
        HeadlessChromium browser = HeadlessChromium.start(browserBinary.get(), driverBinary.get(), SCREENSHOTS)) {
      harness.startAll();
      int leader = harness.cluster.awaitReady(Duration.ofSeconds(180)).leader();
      try {
        walkThrough(browser, harness, leader);
      } catch (Throwable failure) {
        System.out.println("ExplorerBrowserTest failed; the page as it was: " + browser.screenshot("failure"));
        throw failure;
      }
    }
  }

  private static void walkThrough(HeadlessChromium browser, ClusterHarness harness, int leader) throws Exception {
    int page = leader % 3 + 1;
    int owner = 6 - leader - page;
    String base = harness.cluster.url(page);

    browser.open(base + "/#/cluster");
    browser.await(WAIT, "the cluster view names leader " + leader, d ->
        d.findElements(By.cssSelector("#cluster-leader[data-leader='" + leader + "']")).size() == 1
            && d.findElements(By.cssSelector("#members tr[data-member]")).size() == 3);
    assertThat(browser.shownText("#candidates", WAIT)).contains("1", "2", "3");
    assertThat(browser.driver().findElements(By.cssSelector("#kraft .group"))).hasSize(3);
    browser.screenshot("cluster");

    String key = anchorThroughThePage(browser, harness);
    browser.open(base + "/#/blocks");
    browser.shown("#blocks-table a[data-key='" + key + "']", WAIT).click();
    assertThat(browser.shown("#proof", WAIT).getText()).contains("entry leaf", "block merkle root");
    assertThat(browser.shown("#record-detail", WAIT).getText()).contains("VERIFIED");
    browser.screenshot("record-and-proof");

    browser.open(base + "/#/anchor/" + key);
    assertThat(verdictInThePage(browser)).isEqualTo("VERIFIED");
    browser.shown("#verify-request-button", WAIT).click();
    browser.shown("#outcome[data-agreed='true']", WAIT);
    List<WebElement> verdicts = browser.driver().findElements(By.cssSelector("tr.participant-verdict"));
    assertThat(verdicts).hasSize(3).allSatisfy(row -> assertThat(row.getText()).contains("VERIFIED"));
    browser.screenshot("verified-by-every-member");

    browser.shown("#verify-key", WAIT).clear();
    browser.shown("#verify-key", WAIT).sendKeys("not-a-key");
    browser.shown("#verify-button", WAIT).click();
    assertThat(browser.shown("#message.error", WAIT).getText()).contains("hex digits").doesNotContain("Exception");
    browser.screenshot("bad-input");

    browser.open(base + "/#/charts");
    browser.await(WAIT, "the charts drew two samples", d ->
        d.findElements(By.cssSelector("#chart-commits path.line0")).stream().anyMatch(p -> p.getAttribute("d").contains("L"))
            && d.findElements(By.cssSelector("#databases tr")).size() == 4);
    browser.screenshot("charts");

    String tampered = tamperedRecord(harness, owner, page);
    browser.open(base + "/#/anchor/" + tampered);
    assertThat(verdictInThePage(browser)).isEqualTo("TAMPERED_DATA");
    browser.shown("#verify-request-button", WAIT).click();
    // The request carries the bytes read from the owner: their hash is anchored nowhere, so every
    // member votes no (UNKNOWN_ANCHOR for the changed bytes).
    browser.shown("#outcome[data-agreed='false']", WAIT);
    assertThat(browser.driver().findElements(By.cssSelector("tr.participant-verdict"))).hasSize(3)
        .allSatisfy(row -> assertThat(row.findElement(By.cssSelector(".verdict")).getAttribute("class")).contains("fail"));
    browser.screenshot("tampered-record-fails");

    harness.cluster.kill(leader);
    browser.open(base + "/#/cluster");
    String next = browser.await(Duration.ofSeconds(60), "a new leader after killing " + leader, d ->
        d.findElements(By.cssSelector("#cluster-leader")).stream().map(e -> e.getAttribute("data-leader"))
            .filter(id -> !id.equals("0") && !id.equals(Integer.toString(leader))).findFirst().orElse(null));
    assertThat(Integer.parseInt(next)).isIn(page, owner);
    browser.screenshot("new-leader");
  }

  /** Anchors a file through the page's form; the page asks for the token first. Returns the key. */
  private static String anchorThroughThePage(HeadlessChromium browser, ClusterHarness harness) throws Exception {
    byte[] content = ("a file anchored through the explorer at " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
    Path file = Files.write(Files.createTempFile("explorer", ".txt"), content);
    try {
      browser.open(browser.driver().getCurrentUrl().replaceAll("#.*", "") + "#/anchor");
      browser.shown("#anchor-file", WAIT).sendKeys(file.toString());
      browser.shown("#anchor-button", WAIT).click();
      assertThat(browser.shown("#token-box", WAIT).getText()).contains("API token");
      browser.screenshot("token-asked");
      browser.shown("#token-input", WAIT).sendKeys(harness.cluster.token().orElseThrow());
      browser.shown("#token-save", WAIT).click();
      String key = browser.shown("tr.receipt", WAIT).getAttribute("data-key");
      assertThat(key).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
      browser.screenshot("anchored");
      return key;
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** Clicks "verify on this node" and returns the verdict the page shows. */
  private static String verdictInThePage(HeadlessChromium browser) {
    browser.shown("#verify-button", WAIT).click();
    return browser.shown("#verdict", WAIT).getAttribute("data-verdict");
  }

  /**
   * Anchors a record through node {@code owner}, waits until node {@code reader} has its block,
   * then stops the owner, overwrites the record in its off-chain store as an attacker with disk
   * access would, and starts it again. Returns the record's key.
   */
  private static String tamperedRecord(ClusterHarness harness, int owner, int reader) {
    byte[] raw = "a record its owner's disk will change".getBytes(StandardCharsets.UTF_8);
    String key = harness.client(owner).anchor(raw).getString("key");
    NodeClient client = harness.client(reader);
    awaitVerdict(client, key, "VERIFIED");
    Path records = NodeConfig.load(harness.cluster.config(owner)).dataDir().resolve("records");
    harness.cluster.stop(owner, Duration.ofSeconds(15));
    try (Db db = Cairn.open(records, Options.defaults())) {
      // The store keys records by a counter (RecordStore.sequential): overwrite the one holding these bytes.
      List<byte[]> keys = new ArrayList<>();
      try (DbIterator iterator = db.newIterator()) {
        for (iterator.seekToFirst(); iterator.isValid(); iterator.next()) {
          if (Arrays.equals(iterator.value(), raw)) {
            keys.add(iterator.key());
          }
        }
      }
      assertThat(keys).as("the owner's store holds the record").hasSize(1);
      db.put(keys.getFirst(), "a record its owner's disk DID change".getBytes(StandardCharsets.UTF_8));
    }
    harness.start(owner);
    harness.cluster.awaitAnswer(owner, Duration.ofSeconds(60));
    // Node `reader` reads the record back from its owner once their link is up again.
    awaitVerdict(client, key, "TAMPERED_DATA");
    return key;
  }

  /** Waits until {@code client}'s node gives {@code key} the verdict {@code expected}. */
  private static void awaitVerdict(NodeClient client, String key, String expected) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      try {
        last = client.verdict(key).getString("verdict");
        if (last.equals(expected)) {
          return;
        }
      } catch (CairnException notYet) {
        last = notYet.getMessage();
      }
      ProcessControl.sleep(Duration.ofMillis(200));
    }
    throw new AssertionError("verdict of " + key + " is still " + last + ", expected " + expected);
  }
}
