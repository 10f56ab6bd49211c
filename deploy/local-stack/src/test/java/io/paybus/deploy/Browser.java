package io.paybus.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless browser for the console's tests: Debian's {@code chromium} driven through its
 * {@code chromedriver} (both from the packages {@code .ci/run} installs). Nothing is downloaded:
 * the paths are given, so Selenium Manager has nothing to fetch. Screenshots go under
 * {@code target/console-screenshots/}.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("paybus.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("paybus.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private final ChromeDriver driver;
    private final String baseUrl;
    private final Path profile;

    private Browser(ChromeDriver driver, String baseUrl, Path profile) {
        this.driver = driver;
        this.baseUrl = baseUrl;
        this.profile = profile;
    }

    static Browser open(String baseUrl) throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            throw new IllegalStateException("the console's browser tests need Debian's chromium and chromedriver at "
                    + CHROMIUM + " and " + CHROMEDRIVER + ": sudo apt-get install -y chromium chromium-driver"
                    + " (.ci/run does this)");
        }
        Path profile = Files.createTempDirectory("paybus-chromium-");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        // The flags the machine notes ask for: no sandbox as root, and no background calls to Google.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        Files.createDirectories(SCREENSHOTS);
        return new Browser(driver, baseUrl, profile);
    }

    Browser go(String path) {
        driver.get(baseUrl + path);
        return this;
    }

    /** The path of the page shown (no host, no query). */
    String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** The text of the first match; read again if the page was replaced meanwhile (it follows a long task). */
    String text(String css) {
        for (int attempt = 1; ; attempt++) {
            try {
                return find(css).getText();
            } catch (org.openqa.selenium.StaleElementReferenceException replaced) {
                if (attempt == 3) {
                    throw replaced;
                }
            }
        }
    }

    String pageText() {
        return find("body").getText();
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    Browser type(String css, String text) {
        WebElement field = find(css);
        field.clear();
        field.sendKeys(text);
        return this;
    }

    Browser select(String css, String value) {
        new org.openqa.selenium.support.ui.Select(find(css)).selectByValue(value);
        return this;
    }

    /** Clicks what leads to another page (a submit button, a link) and waits until that page is shown. */
    Browser click(String css) {
        return navigating(() -> find(css).click());
    }

    Browser clickLink(String text) {
        return navigating(() -> driver.findElement(By.linkText(text)).click());
    }

    /** Runs a script in the page (what a person could do with the developer tools). */
    Browser script(String javascript, Object... arguments) {
        driver.executeScript(javascript, arguments);
        return this;
    }

    /**
     * Marks the page, acts, and waits until a page without the mark has loaded. Not Selenium's
     * {@code stalenessOf}: while the old document is torn down chromedriver may answer a question
     * about its element with "unknown error: Node with given id does not belong to the document"
     * rather than a stale reference, which failed a CI run. Asked of the window instead, and every
     * answer given mid-navigation ignored, the wait ends only on the new page, fully loaded.
     */
    private Browser navigating(Runnable action) {
        String mark = java.util.UUID.randomUUID().toString();
        driver.executeScript("window.__paybusPage = arguments[0]", mark);
        action.run();
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(driver.executeScript(
                        "return window.__paybusPage !== arguments[0] && document.readyState === 'complete'", mark)));
        return this;
    }

    Browser refresh() {
        driver.navigate().refresh();
        return this;
    }

    /**
     * What a screen reader could not name on this page: form fields without a label (by {@code for}
     * or around them), buttons and links without text, and whether the page says its language and
     * has one main heading. Empty when the page is fine.
     */
    @SuppressWarnings("unchecked")
    List<String> accessibilityProblems() {
        // One script, so that a page which reloads itself (one following a replay) is read whole.
        return (List<String>) driver.executeScript("""
                const problems = [];
                const lang = document.documentElement.getAttribute('lang');
                if (!lang) problems.push('no lang on <html>');
                const h1 = document.querySelectorAll('h1').length;
                if (h1 !== 1) problems.push(h1 + ' <h1> elements');
                for (const field of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
                  const labelled = (field.id && document.querySelector('label[for="' + field.id + '"]'))
                      || field.closest('label');
                  if (!labelled) problems.push('unlabelled ' + field.tagName.toLowerCase() + ' ' + field.name);
                }
                for (const control of document.querySelectorAll('button, a[href]')) {
                  if (!control.textContent.trim()) problems.push('nameless ' + control.tagName.toLowerCase());
                }
                return problems;
                """);
    }

    /** A PNG of the whole page (beyond the window) under {@code target/console-screenshots/}. */
    Path screenshot(String name) {
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
            @SuppressWarnings("unchecked")
            Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
            Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of("format", "png",
                    "captureBeyondViewport", true, "clip", Map.of("x", 0, "y", 0, "width", size.get("width"),
                            "height", size.get("height"), "scale", 1)));
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        driver.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary profile
        }
    }
}
