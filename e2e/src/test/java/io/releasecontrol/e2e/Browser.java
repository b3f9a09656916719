package io.releasecontrol.e2e;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Headless Chromium from Debian's {@code chromium} and {@code chromium-driver} packages, driven by
 * Selenium with both paths given explicitly (so Selenium Manager never looks for, or downloads, a
 * browser). The flags keep Chromium off the network this machine refuses; every start gets a new
 * profile. Collects the console's errors so a test can fail on them.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(System.getProperty("rc.e2e.chromium", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(System.getProperty("rc.e2e.chromedriver", "/usr/bin/chromedriver"));

    // Selenium warns at every start that it has no CDP module for this Chromium: none is needed
    private static final java.util.logging.Logger CDP_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.devtools");
    private static final java.util.logging.Logger CHROMIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium.chromium");

    static {
        CDP_LOG.setLevel(Level.SEVERE);
        CHROMIUM_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;
    private final List<String> errors = new ArrayList<>();

    /** Why no browser test can run here, or null when Chromium and ChromeDriver are installed. */
    public static String missing() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            return "Chromium or ChromeDriver is not installed (" + CHROMIUM + ", " + CHROMEDRIVER + "): the dashboard's"
                    + " browser test is skipped. Install Debian's packages: apt-get install -y chromium chromium-driver"
                    + " (.ci/run does when it can)";
        }
        return null;
    }

    public Browser() throws IOException {
        profile = Files.createTempDirectory("rc-e2e-chromium");
        var options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        var logging = new LoggingPreferences();
        logging.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logging);
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /**
     * Reads the console since the last call; remembers every SEVERE entry with the step it was seen
     * in, but for those containing one of the {@code expected} texts (a refusal the step provokes).
     */
    public List<String> drainConsole(String step, String... expected) {
        List<String> all = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            String text = entry.getLevel() + " " + entry.getMessage();
            all.add(text);
            boolean provoked = java.util.Arrays.stream(expected).anyMatch(entry.getMessage()::contains);
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue() && !provoked) {
                errors.add(step + ": " + entry.getMessage());
            }
        }
        return all;
    }

    public List<String> consoleErrors() {
        return List.copyOf(errors);
    }

    /** A PNG of the viewport into dir/name (and into each extra dir). */
    public Path screenshot(Path dir, String name, Path... extra) throws IOException {
        Files.createDirectories(dir);
        File png = driver.getScreenshotAs(OutputType.FILE);
        Path target = dir.resolve(name);
        Files.copy(png.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        for (Path other : extra) {
            Files.createDirectories(other);
            Files.copy(png.toPath(), other.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var paths = Files.walk(profile)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException ignored) {
                // Chromium may still be writing its profile; it is a temp dir anyway
            }
        }
    }

}
