package io.cairn.node.cluster;

import io.cairn.node.process.ProcessControl;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's {@code chromium} driven headless by its {@code chromium-driver} through Selenium, for
 * the explorer's browser tests: no driver download (Selenium Manager is never asked), screenshots
 * saved as test artifacts. {@link #close} quits the browser and then kills by pid the driver
 * process this object started and everything under it, so a failing test leaves no browser behind.
 */
final class HeadlessChromium implements AutoCloseable {
  /** Where Debian's packages put the browser and its driver. */
  static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"));
  static final List<Path> DRIVERS = List.of(Path.of("/usr/bin/chromedriver"), Path.of("/usr/lib/chromium/chromedriver"));

  private final ChromeDriverService service;
  private final ChromeDriver driver;
  private final ProcessHandle driverProcess;
  private final Path screenshots;
  private final long started = System.nanoTime();
  private int shots;

  private HeadlessChromium(ChromeDriverService service, ChromeDriver driver, ProcessHandle driverProcess,
      Path screenshots) {
    this.service = service;
    this.driver = driver;
    this.driverProcess = driverProcess;
    this.screenshots = screenshots;
  }

  /** The first executable of {@code candidates}. */
  static Optional<Path> find(List<Path> candidates) {
    return candidates.stream().filter(Files::isExecutable).findFirst();
  }

  /** Starts the browser (1280x1000), saving screenshots into {@code screenshots}. */
  static HeadlessChromium start(Path browser, Path driverBinary, Path screenshots) throws IOException {
    Files.createDirectories(screenshots);
    Set<Long> before = children();
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(driverBinary.toString())).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions().setBinary(browser.toFile())
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
    ChromeDriver driver;
    try {
      driver = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      service.stop();
      throw e;
    }
    ProcessHandle driverProcess = ProcessHandle.current().children().filter(p -> !before.contains(p.pid()))
        .findFirst().orElse(null);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return new HeadlessChromium(service, driver, driverProcess, screenshots);
  }

  private static Set<Long> children() {
    Set<Long> pids = new HashSet<>();
    ProcessHandle.current().children().forEach(child -> pids.add(child.pid()));
    return pids;
  }

  WebDriver driver() {
    return driver;
  }

  void open(String url) {
    driver.get(url);
  }

  /**
   * Waits up to {@code timeout} until {@code condition} answers non-null and non-false; returns the
   * answer. The page redraws parts of itself (charts every sample, tables on each poll), so an
   * element found in one poll may be gone by the next call on it: such a poll counts as "not yet".
   */
  <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout, Duration.ofMillis(200)).withMessage(what)
        .ignoring(StaleElementReferenceException.class).until(condition);
  }

  /** The element {@code css} once it is there and shown. */
  WebElement shown(String css, Duration timeout) {
    return await(timeout, "element " + css + " shown", d -> d.findElements(By.cssSelector(css)).stream()
        .filter(WebElement::isDisplayed).findFirst().orElse(null));
  }

  /**
   * The text of the element {@code css} once it is shown, read inside the wait: a part the page
   * redraws on each poll (the candidate layer) may go stale between finding it and reading it.
   */
  String shownText(String css, Duration timeout) {
    return await(timeout, "text of " + css, d -> d.findElements(By.cssSelector(css)).stream()
        .filter(WebElement::isDisplayed).findFirst().map(WebElement::getText).orElse(null));
  }

  /** Saves a screenshot named {@code NN-step.png}; returns its path. */
  Path screenshot(String step) throws IOException {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Path file = screenshots.resolve(String.format("%02d-%s.png", ++shots, step));
    Files.write(file, png);
    System.out.printf("explorer step %s at %.1f s%n", file.getFileName(), (System.nanoTime() - started) / 1e9);
    return file;
  }

  @Override
  public void close() {
    // The process tree is taken first: once the driver exits, the browser's processes are no longer under it.
    List<ProcessHandle> tree = new ArrayList<>();
    if (driverProcess != null) {
      driverProcess.descendants().forEach(tree::add);
      tree.add(driverProcess);
    }
    try {
      driver.quit();
    } catch (RuntimeException ignored) {
      // the processes are killed below
    } finally {
      service.stop();
      for (ProcessHandle process : tree) {
        if (process.isAlive()) {
          process.destroyForcibly();
          ProcessControl.awaitExit(process, Duration.ofSeconds(10));
        }
      }
    }
  }
}
