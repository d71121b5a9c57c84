package dev.cairn.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/**
 * A headless Chromium driven through the system's chromedriver (Debian's {@code chromium} and {@code chromium-driver},
 * which {@code scripts/chromium.sh} installs), for the console's browser tests. Nothing is downloaded: the driver is
 * named explicitly, so Selenium Manager never runs; the browser starts with a fresh profile and its background
 * connections off (this machine's closed network refuses them). When Chromium or chromedriver is missing the test is
 * skipped, saying so on stderr. Close it after.
 */
public final class ConsoleBrowser implements AutoCloseable {

    /** Where Debian's {@code chromium} puts the browser. */
    public static final String CHROMIUM = "/usr/bin/chromium";
    /** Where Debian's {@code chromium-driver} puts chromedriver. */
    public static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriverService service;
    private final ChromeDriver driver;
    private final Path profile;
    private final String baseUrl;

    private ConsoleBrowser(String baseUrl) throws IOException {
        this.baseUrl = baseUrl;
        this.profile = Files.createTempDirectory("cairn-chromium-");
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        this.driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    /**
     * Skips the calling test unless Chromium and chromedriver are installed.
     *
     * @param baseUrl the worker's API address, e.g. {@code http://127.0.0.1:41234}
     * @return a started browser
     */
    public static ConsoleBrowser start(String baseUrl) {
        boolean present = Files.isExecutable(Path.of(CHROMIUM)) && Files.isExecutable(Path.of(CHROMEDRIVER));
        if (!present) {
            System.err.println("WARNING: skipping the console's browser tests: " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing (apt-get install chromium chromium-driver, or scripts/chromium.sh)");
        }
        Assumptions.assumeTrue(present, "Chromium and chromedriver are not installed");
        // why: belt and braces; with the driver named, Selenium Manager has nothing to look up
        System.setProperty("SE_OFFLINE", "true");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        try {
            return new ConsoleBrowser(baseUrl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the driver */
    public WebDriver driver() {
        return driver;
    }

    /** Opens {@code /console} at {@code hash} (e.g. {@code #/dlq}) and waits for the page to have loaded. */
    public void open(String hash) {
        driver.get(baseUrl + "/console" + hash);
    }

    /** @return the element, once visible (10 s at most) */
    public WebElement visible(By by) {
        return waitFor(ExpectedConditions.visibilityOfElementLocated(by));
    }

    /** Waits (20 s at most) until {@code condition} holds. */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        // why: the pages redraw as they poll, so an element found a moment ago may be gone; look again
        return new WebDriverWait(driver, Duration.ofSeconds(20), Duration.ofMillis(100))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    /** Waits for {@code css} to be visible and clicks it. */
    public void click(String css) {
        waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /** Saves what the browser shows as {@code docs/console/<name>.png} of the repository. */
    public void screenshot(String name) {
        Path dir = repositoryRoot().resolve("docs/console");
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the result of {@code script} run in the page (an async script: call {@code arguments[arguments.length - 1]} with the result) */
    public Object runAsync(String script) {
        return driver.executeAsyncScript(script);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }

    private static Path repositoryRoot() {
        Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("docs/design.md")) && Files.isDirectory(dir.resolve("worker"))) return dir;
        }
        throw new IllegalStateException("no docs/design.md next to worker/ at or above " + start);
    }
}
