package io.releasecontrol.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser against the whole suite: log in with the admin API key, see the
 * application with its current version, start a canary from the deploy form (simulated executor),
 * watch the live log stream fill and the deployment succeed, then open the version, metrics and
 * rollbacks views — failing on any console error. Screenshots go to e2e/target/screenshots, and to
 * docs/img with {@code -Drc.e2e.updateScreenshots=true}.
 */
class DashboardBrowserIT {

    /** Another name only when running again against a stack that already has this one (-Drc.e2e.gateway). */
    static final String APP = System.getProperty("rc.e2e.app", "webshop");
    // staging: production asks for approvals (deploy policy, rollback policy) that a story of its own covers
    static final String ENV = "staging";
    static final Duration WAIT = Duration.ofSeconds(90);

    static LocalStack stack;
    static Api api;
    static Browser browser;

    static String missing;

    @BeforeAll
    static void start() throws Exception {
        missing = Browser.missing();
        if (missing != null) {
            System.out.println("e2e: " + missing);
            return; // each test then reports itself skipped, with the reason
        }
        stack = LocalStack.shared();
        api = new Api(stack.gatewayUrl(), stack.adminKey());
        seed();
        browser = new Browser();
    }

    @AfterAll
    static void quit() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** An application with two versions, 1.0.0 running in production (rolling, through the API). */
    static void seed() {
        api.post("/api/v1/applications", Map.of("name", APP, "description", "The shop's storefront", "owner", "team-shop"));
        api.post("/api/v1/applications/" + APP + "/versions", Map.of("version", "1.0.0", "name", "Spring sale",
                "releaseDate", "2026-11-02", "breaking", false,
                "changes", List.of(change("feature", "cart", "Saved carts", "high", "minor"),
                        change("fix", "checkout", "Rounding of discounts", "medium", "minor")),
                "migrations", List.of(Map.of("id", "V7__carts", "store", "postgresql",
                        "description", "carts table", "reversible", true))));
        api.post("/api/v1/applications/" + APP + "/versions", Map.of("version", "1.1.0", "name", "One-click checkout",
                "releaseDate", "2026-11-20", "breaking", false,
                "changes", List.of(change("feature", "checkout", "One-click checkout", "high", "major"),
                        change("improvement", "search", "Faster suggestions", "low", "minor"),
                        change("security", "auth", "Rotate session ids on login", "critical", "minor")),
                "migrations", List.of(Map.of("id", "V8__payment_tokens", "store", "postgresql",
                        "description", "payment tokens column", "reversible", true))));
        JsonNode first = api.post("/api/v1/deployments", Map.of("application", APP, "environment", ENV, "version", "1.0.0",
                "strategy", "rolling", "executor", "simulated"));
        String id = first.get("id").asText();
        await("1.0.0 deployed", () -> "SUCCEEDED".equals(api.get("/api/v1/deployments/" + id).path("status").asText()));
        await("version-service shows 1.0.0 in production", () ->
                "1.0.0".equals(api.get("/api/v1/applications/" + APP + "/environments/" + ENV).path("currentVersion").asText()));
    }

    static Map<String, Object> change(String type, String module, String title, String priority, String impact) {
        return Map.of("type", type, "module", module, "title", title, "priority", priority, "impact", impact);
    }

    @BeforeEach
    void needsABrowser() {
        assumeTrue(missing == null, missing);
    }

    @Test
    void canaryFromTheDashboard() throws Exception {
        diagnosed(this::story);
    }

    /**
     * Production's release policy (when deploy-service has one) holds a deployment until an admin
     * other than the requester approves: the requester's Approve is refused (403, shown), another
     * admin logs in and approves, and the deployment runs to SUCCEEDED.
     */
    /**
     * A canary with no traffic waits at its first weight: its page shows the evidence gate's panel
     * (what it waits for, every rule's verdict); Promote without a reason is refused on the page,
     * with one it goes on to SUCCEEDED and the reason is the step's recorded override.
     */
    @Test
    void aCanaryWaitingForEvidenceIsPromotedWithAReasonFromItsPage() throws Exception {
        diagnosed(this::gateStory);
    }

    void gateStory() throws Exception {
        ChromeDriver d = browser.driver();
        WebDriverWait wait = pageWait(d);
        Path[] docs = docsImg();
        login(d, wait, stack.adminKey());
        String app = APP + "-search";
        api.post("/api/v1/applications", Map.of("name", app, "description", "Search of the shop", "owner", "team-shop"));
        for (String v : List.of("1.0.0", "1.1.0")) {
            api.post("/api/v1/applications/" + app + "/versions", Map.of("version", v, "name", "release " + v,
                    "releaseDate", "2026-11-20", "breaking", false,
                    "changes", List.of(change("feature", "search", "Changes of " + v, "medium", "minor"))));
        }
        String stable = api.post("/api/v1/deployments", Map.of("application", app, "environment", ENV,
                "version", "1.0.0", "strategy", "rolling", "executor", "simulated")).path("id").asText();
        await("1.0.0 of " + app + " deployed", () -> "SUCCEEDED".equals(api.get("/api/v1/deployments/" + stable)
                .path("status").asText()));
        // 1.0.0 serves; the canary gets nothing
        Traffic traffic = new Traffic(api, app, ENV, 1_000, 0.01, 0.01, 9);
        for (int i = 0; i < 5; i++) {
            traffic.tick(0);
        }
        String id = api.post("/api/v1/deployments", Map.of("application", app, "environment", ENV, "version", "1.1.0",
                "strategy", "canary", "canary", Map.of("steps", List.of(10, 100), "pause", "PT1S"),
                "executor", "simulated")).path("id").asText();

        d.get(stack.gatewayUrl() + "/#/deployments/" + id);
        wait.until(x -> text(x, "#gate").contains("Evidence gate") && text(x, "#gate").contains("waiting for evidence"));
        assertThat(text(d, "main")).contains("analysis at 10%: waiting for evidence");
        assertThat(text(d, "#gate")).contains("requests 0 of ").contains("error-rate-5pct");
        browser.drainConsole("deployment at the gate");
        browser.screenshot(SHOTS, "dashboard-deployment-gate.png", docs);

        d.findElement(By.id("btn-promote")).click();
        wait.until(x -> text(x, "main").contains("Say why to promote past the evidence gate."));
        assertThat(api.get("/api/v1/deployments/" + id).path("status").asText()).isEqualTo("RUNNING");
        replace(d.findElement(By.id("promote-reason")), "search index rebuilt by hand; no traffic until Monday");
        d.findElement(By.id("btn-promote")).click();
        wait.until(x -> text(x, "main h1").endsWith("SUCCEEDED"));
        assertThat(text(d, "#log")).contains("promoted by").contains("search index rebuilt by hand");
        browser.drainConsole("promoted past the gate");
    }

    @Test
    void approvalOfAProductionDeployment() throws Exception {
        diagnosed(this::approvalStory);
    }

    /**
     * The release workflow through its pages: an admin gives production a policy (from staging, a soak,
     * one admin approval) and a freeze window in force now, with a bad zone first (the 400's field is
     * shown and outlined); the window shows as "frozen now until …"; a promotion before the soak is
     * refused with every unmet condition listed; once soaked it meets the freeze window (423), goes
     * through as a hotfix with a reason, waits in the approvals list, and runs after another admin
     * approves it there. Production's policy is put back at the end, whatever happened.
     */
    @Test
    void releaseWorkflowFromTheDashboard() throws Exception {
        JsonNode original = api.get("/api/v1/environments/production/policy");
        try {
            diagnosed(this::releaseStory);
        } finally {
            Map<String, Object> back = new LinkedHashMap<>();
            for (String f : List.of("requiredPreceding", "minimumSoak", "approvalsRequired", "approverRole",
                    "approvalTimeout", "allowedStrategies", "freezeWindows")) {
                back.put(f, Api.JSON.convertValue(original.get(f), Object.class));
            }
            var restored = api.attempt("PUT", "/api/v1/environments/production/policy", back);
            assertThat(restored.status()).as("production's policy put back: " + restored.body()).isEqualTo(200);
        }
    }

    void releaseStory() throws Exception {
        ChromeDriver d = browser.driver();
        WebDriverWait wait = pageWait(d);
        Path shots = SHOTS;
        Path[] docs = docsImg();

        // a version of an application of its own that succeeded in staging (through the API)
        String app = APP + "-payments";
        api.post("/api/v1/applications", Map.of("name", app, "description", "Payments", "owner", "team-pay"));
        api.post("/api/v1/applications/" + app + "/versions", Map.of("version", "2.0.0", "name", "Instant transfers",
                "releaseDate", "2026-11-21", "breaking", false,
                "changes", List.of(change("feature", "sepa", "SEPA instant transfers", "high", "major"))));
        String staged = api.post("/api/v1/deployments", Map.of("application", app, "environment", "staging",
                "version", "2.0.0", "strategy", "rolling", "executor", "simulated")).path("id").asText();
        await("2.0.0 succeeded in staging", () ->
                "SUCCEEDED".equals(api.get("/api/v1/deployments/" + staged).path("status").asText()));

        // the admin edits production's policy: a bad zone first, its 400 shown on the field
        // forget whoever another story left logged in, on a view that calls no API (no request in flight)
        d.get(stack.gatewayUrl() + "/#/no-such-page");
        d.executeScript("sessionStorage.clear()");
        d.navigate().refresh();
        login(d, wait, stack.adminKey());
        d.get(stack.gatewayUrl() + "/#/environments");
        wait.until(x -> !x.findElements(By.id("edit-production")).isEmpty());
        d.findElement(By.id("edit-production")).click();
        wait.until(x -> !x.findElements(By.id("policy-form")).isEmpty());
        replace(d.findElement(By.id("policy-requiredPreceding")), "staging");
        replace(d.findElement(By.id("policy-minimumSoak")), "PT1H");
        replace(d.findElement(By.id("policy-approvalsRequired")), "1");
        new Select(d.findElement(By.id("policy-approverRole"))).selectByValue("admin");
        for (WebElement remove : d.findElements(By.cssSelector("#policy-windows .remove-window"))) {
            remove.click();
        }
        d.findElement(By.id("policy-add-window")).click();
        WebElement window = d.findElement(By.cssSelector("#policy-windows .freeze-window"));
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        replace(window.findElement(By.cssSelector(".window-name")), "payments-migration");
        replace(window.findElement(By.cssSelector(".window-zone")), "Mars/Olympus_Mons");
        replace(window.findElement(By.cssSelector(".window-reason")), "payment provider migration");
        replace(window.findElement(By.cssSelector(".window-start")), today.minusDays(1).toString());
        replace(window.findElement(By.cssSelector(".window-end")), today.plusDays(1).toString());
        d.findElement(By.id("policy-save")).click();
        wait.until(x -> text(x, "#policy-result .problem").contains("freezeWindows[0].zone"));
        assertThat(d.findElement(By.cssSelector("#policy-windows .window-zone")).getAttribute("class")).contains("invalid");
        browser.drainConsole("policy with a bad zone", "/policy - Failed to load resource: the server responded with a status of 400");
        d.executeScript("document.getElementById('policy-result').scrollIntoView({block: 'end'})");
        browser.screenshot(shots, "dashboard-environment-edit.png", docs);
        replace(d.findElement(By.cssSelector("#policy-windows .window-zone")), "UTC");
        d.findElement(By.id("policy-save")).click();
        wait.until(x -> !x.findElements(By.id("policy-saved")).isEmpty());
        JsonNode policy = api.get("/api/v1/environments/production/policy");
        assertThat(policy.path("source").asText()).isEqualTo("stored");
        assertThat(policy.path("requiredPreceding").asText()).isEqualTo("staging");
        assertThat(policy.path("minimumSoak").asText()).isEqualTo("PT1H");
        assertThat(policy.path("activeFreezeWindow").path("name").asText()).isEqualTo("payments-migration");
        String until = Instant.parse(policy.path("activeFreezeWindow").path("until").asText()).toString().replace('T', ' ');
        wait.until(x -> text(x, "#env-production .frozen").contains("Frozen now until " + until));
        assertThat(text(d, "#env-production")).contains("payments-migration").contains("payment provider migration")
                .contains("1 h (PT1H)").contains("1 × admin");

        // every environment's policy, production highlighted as frozen
        d.get(stack.gatewayUrl() + "/#/environments");
        wait.until(x -> text(x, "#env-production .frozen").contains("Frozen now until " + until));
        assertThat(text(d, "#env-staging")).doesNotContain("Frozen now");
        assertThat(text(d, "#frozen-now")).contains("production until " + until);
        browser.drainConsole("environments");
        browser.screenshot(shots, "dashboard-environments.png", docs);

        // a promotion before the soak: the 422's conditions, each listed
        Map<String, Object> promotion = Map.of("application", app, "version", "2.0.0", "from", "staging",
                "to", "production", "strategy", "rolling", "executor", "simulated");
        d.get(stack.gatewayUrl() + "/#/promote?application=" + app + "&version=2.0.0&from=staging&to=production");
        wait.until(x -> text(x, "#promotion-target").contains("Frozen now until " + until));
        new Select(d.findElement(By.id("promotion-strategy"))).selectByValue("rolling");
        d.findElement(By.id("promotion-submit")).click();
        wait.until(x -> !x.findElements(By.cssSelector("#promotion-result ul.unmet li")).isEmpty());
        List<String> shownConditions = d.findElements(By.cssSelector("#promotion-result ul.unmet li")).stream()
                .map(li -> li.getAttribute("data-condition")).toList();
        var refused = api.attempt("POST", "/api/v1/promotions", promotion);
        assertThat(refused.status()).isEqualTo(422);
        List<String> apiConditions = new ArrayList<>();
        refused.body().path("unmet").forEach(u -> apiConditions.add(u.path("condition").asText()));
        assertThat(shownConditions).as("every unmet condition of the API's 422").isEqualTo(apiConditions).contains("soak-time");
        assertThat(text(d, "#promotion-result")).contains("422").contains("eligible from");
        browser.drainConsole("promotion before the soak", "/promotions - Failed to load resource: the server responded with a status of 422");
        browser.screenshot(shots, "dashboard-promote-refused.png", docs);

        // the admin shortens the soak; once it has passed, the promotion meets the freeze window (423)
        d.get(stack.gatewayUrl() + "/#/environments/production");
        wait.until(x -> !x.findElements(By.id("policy-minimumSoak")).isEmpty());
        replace(d.findElement(By.id("policy-minimumSoak")), "PT5S");
        d.findElement(By.id("policy-save")).click();
        wait.until(x -> !x.findElements(By.id("policy-saved")).isEmpty());
        assertThat(api.get("/api/v1/environments/production/policy").path("freezeWindows").size())
                .as("the window kept by the second save").isEqualTo(1);
        Instant succeeded = Instant.parse(api.get("/api/v1/deployments/" + staged).path("completedAt").asText());
        await("2.0.0 soaked 5 s in staging", () -> Instant.now().isAfter(succeeded.plusSeconds(6)));
        d.get(stack.gatewayUrl() + "/#/promote?application=" + app + "&version=2.0.0&from=staging&to=production");
        wait.until(x -> !x.findElements(By.id("promotion-submit")).isEmpty() && text(x, "#promotion-target").contains("production requires"));
        d.findElement(By.id("promotion-submit")).click();
        wait.until(x -> text(x, "#promotion-result .problem").contains("423"));
        assertThat(text(d, "#promotion-result")).contains("payments-migration").contains("hotfix");
        assertThat(d.findElements(By.cssSelector("#promotion-result ul.unmet"))).as("the soak is met now").isEmpty();
        browser.drainConsole("promotion in the freeze window", "/promotions - Failed to load resource: the server responded with a status of 423");

        // … as a hotfix with a reason it is accepted, and waits for an admin's approval
        d.findElement(By.id("promotion-hotfix")).click();
        replace(d.findElement(By.id("promotion-reason")), "INC-4711: card payments fail");
        d.findElement(By.id("promotion-submit")).click();
        wait.until(x -> !x.findElements(By.id("promotion-deployment")).isEmpty());
        String id = d.findElement(By.id("promotion-deployment")).getAttribute("href").replaceAll(".*#/deployments/", "");
        JsonNode hotfix = api.get("/api/v1/deployments/" + id);
        assertThat(hotfix.path("environment").asText()).isEqualTo("production");
        assertThat(hotfix.path("hotfix").asBoolean()).isTrue();
        assertThat(hotfix.path("options").path("description").asText()).contains("promoted from staging");
        assertThat(hotfix.path("approval").path("status").asText()).isEqualTo("WAITING");
        assertThat(text(d, "#promotion-created")).contains("PENDING").contains("waiting for approval");
        browser.drainConsole("hotfix promotion");
        browser.screenshot(shots, "dashboard-promote.png", docs);

        // the approvals list shows it; another admin approves it there, and it runs
        d.get(stack.gatewayUrl() + "/#/approvals");
        wait.until(x -> !x.findElements(By.id("approval-item-" + id)).isEmpty());
        assertThat(text(d, "#approval-item-" + id)).contains(app).contains("production").contains("hotfix")
                .contains("INC-4711").contains("0 of 1").contains("admin");
        browser.drainConsole("approvals");
        browser.screenshot(shots, "dashboard-approvals.png", docs);
        String approver = api.post("/api/v1/admin/api-keys", Map.of("name", "freeze-approver", "role", "admin"))
                .path("key").asText();
        d.findElement(By.cssSelector("#who button")).click();
        login(d, wait, approver);
        d.get(stack.gatewayUrl() + "/#/approvals");
        wait.until(x -> !x.findElements(By.id("btn-approve-" + id)).isEmpty());
        replace(d.findElement(By.id("approval-comment-" + id)), "rollback plan checked");
        d.findElement(By.id("btn-approve-" + id)).click();
        wait.until(x -> text(x, "#approval-item-" + id).contains("APPROVED"));
        assertThat(text(d, "#approval-item-" + id)).contains("freeze-approver").contains("rollback plan checked");
        d.get(stack.gatewayUrl() + "/#/deployments/" + id);
        wait.until(x -> text(x, "main h1").endsWith("SUCCEEDED"));
        JsonNode done = api.get("/api/v1/deployments/" + id);
        assertThat(done.path("approval").path("status").asText()).isEqualTo("APPROVED");
        assertThat(done.path("approval").path("decisions").get(0).path("voter").asText()).isEqualTo("freeze-approver");
        browser.drainConsole("approved hotfix " + id);

        // a viewer sees the policy and the window, but no form
        String viewer = api.post("/api/v1/admin/api-keys", Map.of("name", "release-viewer", "role", "viewer"))
                .path("key").asText();
        d.findElement(By.cssSelector("#who button")).click();
        login(d, wait, viewer);
        d.get(stack.gatewayUrl() + "/#/environments/production");
        wait.until(x -> !x.findElements(By.id("policy-read-only")).isEmpty());
        assertThat(text(d, "#env-production")).contains("Frozen now until " + until);
        assertThat(d.findElements(By.id("policy-form"))).isEmpty();
        // the login asks the admin-only key list to tell an admin: a viewer's 403 there is expected
        browser.drainConsole("viewer", "/api/v1/admin/api-keys?size=1 - Failed to load resource: the server responded with a status of 403");
        d.findElement(By.cssSelector("#who button")).click(); // the next story logs in afresh
        assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    }

    static final Path SHOTS = Path.of(System.getProperty("rc.e2e.screenshots", "target/screenshots"));

    /** docs/img when the screenshots there are to be refreshed ({@code -Drc.e2e.updateScreenshots=true}). */
    static Path[] docsImg() {
        return Boolean.getBoolean("rc.e2e.updateScreenshots")
                ? new Path[] {Path.of(System.getProperty("rc.e2e.root", "..")).resolve("docs/img")} : new Path[0];
    }

    /** Views repaint as their data moves on: an element read during a repaint is simply read again. */
    static WebDriverWait pageWait(ChromeDriver d) {
        var wait = new WebDriverWait(d, WAIT, Duration.ofMillis(200));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    interface Story {
        void run() throws Exception;
    }

    void diagnosed(Story story) throws Exception {
        try {
            story.run();
        } catch (Throwable failure) {
            // what the page showed, for the report: a screenshot, its text and the console
            ChromeDriver d = browser.driver();
            Path shots = SHOTS;
            browser.screenshot(shots, "failure.png");
            System.out.println("e2e: failed at " + d.getCurrentUrl() + "; screenshot " + shots.resolve("failure.png")
                    + "\npage text:\n" + text(d, "body") + "\nconsole:\n" + String.join("\n", browser.drainConsole("failure"))
                    + "\nconsole errors so far: " + browser.consoleErrors());
            throw failure;
        }
    }

    void story() throws Exception {
        ChromeDriver d = browser.driver();
        WebDriverWait wait = pageWait(d);
        Path shots = SHOTS;
        Path[] docs = docsImg();

        // log in: the key goes to this tab's session storage, and the applications view opens
        d.get(stack.gatewayUrl() + "/");
        d.executeScript("sessionStorage.clear()"); // whatever another test of this class left
        d.navigate().refresh();
        wait.until(x -> x.findElement(By.id("api-key"))).sendKeys(stack.adminKey());
        d.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        wait.until(x -> text(x, "main h1").equals("Applications") && !x.findElements(By.linkText(APP)).isEmpty());
        assertThat(d.executeScript("return sessionStorage.getItem('rc.apiKey')")).isEqualTo(stack.adminKey());
        assertThat(d.executeScript("return localStorage.length")).isEqualTo(0L);
        assertThat(text(d, "#who")).contains("admin");
        WebElement row = d.findElement(By.linkText(APP)).findElement(By.xpath("./ancestor::tr"));
        assertThat(row.getText()).contains("team-shop").contains("1.0.0");
        assertThat(text(d, "main")).contains("Last deployments").contains("rolling").contains("SUCCEEDED");
        browser.drainConsole("applications");
        browser.screenshot(shots, "dashboard-applications.png", docs);

        // the deploy form, prefilled from the query, starting a canary
        d.get(stack.gatewayUrl() + "/#/deploy?application=" + APP + "&environment=" + ENV + "&version=1.1.0");
        wait.until(x -> !x.findElements(By.id("deploy-submit")).isEmpty());
        assertThat(new Select(d.findElement(By.id("environment"))).getFirstSelectedOption().getText()).isEqualTo(ENV);
        new Select(d.findElement(By.id("strategy"))).selectByValue("canary");
        replace(d.findElement(By.id("steps")), "10, 50, 100");
        replace(d.findElement(By.id("pause")), "PT2S");
        replace(d.findElement(By.id("description")), "canary from the browser test");
        browser.drainConsole("deploy form");
        browser.screenshot(shots, "dashboard-deploy-form.png", docs);
        d.findElement(By.id("deploy-submit")).click();

        // the deployment page: the log fills while it runs, then it ends SUCCEEDED at 100 %
        wait.until(x -> x.getCurrentUrl().contains("#/deployments/"));
        String id = d.getCurrentUrl().replaceAll(".*#/deployments/", "");
        // the canary serves traffic: each weight advances on metrics-service's evidence gate
        Traffic served = new Traffic(api, APP, ENV, 1_000, 0.01, 0.01, 3);
        // its sample times end minutes back: the metrics view's samples below are the newest
        served.clock = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(11));
        var traffic = served.follow(id, Duration.ofMillis(100));
        Set<Integer> counts = new TreeSet<>();
        boolean shotWhileRunning = false;
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            int lines = d.findElements(By.cssSelector("#log .line:not(.end)")).size();
            if (lines > 0) {
                counts.add(lines);
            }
            if (!shotWhileRunning && lines >= 3 && d.findElements(By.cssSelector("#log .line.end")).isEmpty()) {
                browser.screenshot(shots, "dashboard-deployment-live.png", docs);
                shotWhileRunning = true;
            }
            if (!d.findElements(By.cssSelector("#log .line.end")).isEmpty()
                    && text(d, "main h1").endsWith("SUCCEEDED")) {
                break;
            }
            Thread.sleep(250);
        }
        traffic.shutdownNow();
        assertThat(text(d, "#log")).as("the stream's end event").contains("— SUCCEEDED");
        wait.until(x -> text(x, "main h1").endsWith("SUCCEEDED"));
        wait.until(x -> "100".equals(x.findElement(By.cssSelector(".progress")).getAttribute("aria-valuenow")));
        int shown = d.findElements(By.cssSelector("#log .line:not(.end)")).size();
        assertThat(counts).as("the log was seen growing line by line, not only at the end").hasSizeGreaterThan(2);
        JsonNode logs = api.get("/api/v1/deployments/" + id + "/logs");
        assertThat(shown).as("every line of the deployment's log, once").isEqualTo(logs.path("items").size());
        assertThat(text(d, "#log")).contains(logs.path("items").get(logs.path("items").size() - 1).path("line").asText());
        JsonNode deployment = api.get("/api/v1/deployments/" + id);
        assertThat(deployment.path("strategy").asText()).isEqualTo("canary");
        assertThat(deployment.path("requestedBy").asText()).isNotBlank();
        assertThat(d.findElements(By.id("btn-cancel"))).as("no controls on a finished deployment").isEmpty();
        // canary vs baseline: the two versions' error rates with the threshold and a mark per gate verdict
        wait.until(x -> !x.findElements(By.cssSelector("#comparison svg")).isEmpty());
        assertThat(text(d, "#comparison")).contains("1.1.0 (new)").contains("1.0.0 (baseline)").contains("threshold")
                .contains("analysis at 10%");
        assertThat(d.findElements(By.cssSelector("#comparison line.marker"))).as("a mark per verdict").hasSizeGreaterThanOrEqualTo(2);
        browser.drainConsole("deployment " + id);
        browser.screenshot(shots, "dashboard-deployment.png", docs);

        // the version page: changes, migrations, upgrade history with this deployment, delivery stats
        await("version-service shows 1.1.0 in production", () ->
                "1.1.0".equals(api.get("/api/v1/applications/" + APP + "/environments/" + ENV).path("currentVersion").asText()));
        d.get(stack.gatewayUrl() + "/#/apps/" + APP + "/versions/1.1.0");
        wait.until(x -> text(x, "main").contains("Delivery stats"));
        assertThat(text(d, "main")).contains("One-click checkout").contains("V8__payment_tokens")
                .contains("Rotate session ids on login").contains("1.0.0 → 1.1.0");
        browser.drainConsole("version page");
        browser.screenshot(shots, "dashboard-version.png", docs);

        // metrics: samples of both versions, then the charts, the canary judgement and the rule states
        ingestHealthySamples();
        d.get(stack.gatewayUrl() + "/#/metrics?application=" + APP + "&environment=" + ENV);
        wait.until(x -> text(x, "main").contains("Rule states per version"));
        assertThat(d.findElements(By.cssSelector(".chart svg"))).hasSize(3);
        assertThat(d.findElements(By.cssSelector(".chart polyline"))).as("a line per version and chart").hasSizeGreaterThanOrEqualTo(6);
        assertThat(text(d, "main")).contains("Canary 1.1.0 vs baseline 1.0.0").contains("1.1.0 (canary)");
        browser.drainConsole("metrics");
        browser.screenshot(shots, "dashboard-metrics.png", docs);

        // rollbacks: no saga yet (nothing breached); a manual rollback from the form, followed live to its end
        d.get(stack.gatewayUrl() + "/#/rollbacks");
        wait.until(x -> text(x, "main h1").equals("Rollbacks") && text(x, "main").contains("Manual rollback"));
        assertThat(d.findElements(By.cssSelector("main .problem"))).as("no error box on the rollbacks view").isEmpty();
        replace(d.findElement(By.id("rb-application")), APP);
        replace(d.findElement(By.id("rb-environment")), ENV);
        replace(d.findElement(By.id("rb-reason")), "browser test: back to the last good version");
        d.findElement(By.cssSelector("#rb-reason")).submit();
        wait.until(x -> x.getCurrentUrl().contains("#/rollbacks/") && text(x, "main h1").startsWith("Rollback of"));
        String sagaId = d.getCurrentUrl().replaceAll(".*#/rollbacks/", "");
        var sagaWait = new WebDriverWait(d, Duration.ofSeconds(180), Duration.ofMillis(500));
        sagaWait.ignoring(StaleElementReferenceException.class);
        sagaWait.until(x -> text(x, "main h1").matches(".*(WAITING_APPROVAL|COMPLETED|FAILED|ABORTED)$"));
        if (text(d, "main h1").endsWith("WAITING_APPROVAL")) {
            // the policy asks a person before a full rollback in production: the admin approves here
            JsonNode waiting = api.get("/api/v1/rollbacks/" + sagaId);
            assertThat(text(d, "main")).contains(waiting.path("decision").path("reasons").get(0).asText());
            browser.drainConsole("rollback waiting " + sagaId);
            browser.screenshot(shots, "dashboard-rollback-approval.png", docs);
            wait.until(x -> {
                x.findElement(By.id("btn-approve")).click();
                return true;
            });
            wait.until(ExpectedConditions.alertIsPresent()).accept();
        }
        sagaWait.until(x -> text(x, "main h1").matches(".*(COMPLETED|FAILED|ABORTED)$"));
        JsonNode saga = api.get("/api/v1/rollbacks/" + sagaId);
        assertThat(saga.path("status").asText()).as(saga.toString()).isEqualTo("COMPLETED");
        assertThat(text(d, "main")).contains("1.1.0 → 1.0.0").contains("manual")
                .contains(saga.path("decision").path("branch").asText());
        assertThat(d.findElements(By.cssSelector("main table tbody tr")))
                .as("a row per saga step").hasSize(saga.path("steps").size());
        assertThat(saga.path("steps").size()).isPositive();
        browser.drainConsole("rollback " + sagaId);
        browser.screenshot(shots, "dashboard-rollback.png", docs);
        await("version-service shows 1.0.0 again", () ->
                "1.0.0".equals(api.get("/api/v1/applications/" + APP + "/environments/" + ENV).path("currentVersion").asText()));

        d.get(stack.gatewayUrl() + "/#/rollbacks");
        wait.until(x -> !x.findElements(By.partialLinkText(sagaId.substring(0, 8))).isEmpty());
        browser.drainConsole("rollbacks");
        browser.screenshot(shots, "dashboard-rollbacks.png", docs);

        assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    }

    void approvalStory() throws Exception {
        ChromeDriver d = browser.driver();
        WebDriverWait wait = pageWait(d);
        Path shots = SHOTS;
        Path[] docs = docsImg();
        login(d, wait, stack.adminKey());

        d.get(stack.gatewayUrl() + "/#/deploy?application=" + APP + "&environment=production&version=1.0.0");
        wait.until(x -> !x.findElements(By.id("deploy-submit")).isEmpty());
        new Select(d.findElement(By.id("strategy"))).selectByValue("rolling");
        d.findElement(By.id("deploy-submit")).click();
        wait.until(x -> x.getCurrentUrl().contains("#/deployments/") && text(x, "main h1").startsWith(APP));
        String id = d.getCurrentUrl().replaceAll(".*#/deployments/", "");
        JsonNode created = api.get("/api/v1/deployments/" + id);
        if ("WAITING".equals(created.path("approval").path("status").asText())) {
            wait.until(x -> text(x, "#approval").contains("WAITING"));
            assertThat(text(d, "#approval")).contains("0 of 1").contains("admin");
            // no log stream is held open on a deployment with no log yet (the gateway would time it out)
            assertThat(text(d, "#stream-state")).contains("waits for the approval");
            browser.drainConsole("approval waiting");
            browser.screenshot(shots, "dashboard-deployment-approval.png", docs);

            // the requester may not approve their own deployment: the API's 403 is shown, nothing moves
            d.findElement(By.id("btn-approve")).click();
            wait.until(x -> text(x, "main .problem").contains("403"));
            browser.drainConsole("requester's approval", "/approve - Failed to load resource: the server responded with a status of 403");
            assertThat(api.get("/api/v1/deployments/" + id).path("status").asText()).isEqualTo("PENDING");

            // another admin logs in (the header's Log out forgets the first key) and approves
            String second = api.post("/api/v1/admin/api-keys", Map.of("name", "release-manager", "role", "admin"))
                    .path("key").asText();
            d.findElement(By.cssSelector("#who button")).click();
            assertThat(d.executeScript("return sessionStorage.getItem('rc.apiKey')")).isNull();
            login(d, wait, second);
            d.get(stack.gatewayUrl() + "/#/deployments/" + id);
            wait.until(x -> !x.findElements(By.id("btn-approve")).isEmpty());
            replace(d.findElement(By.id("approval-comment")), "backup checked");
            d.findElement(By.id("btn-approve")).click();
        } else {
            System.out.println("e2e: deploy-service holds no production deployment for approval here; approval not exercised");
        }
        wait.until(x -> text(x, "main h1").endsWith("SUCCEEDED"));
        JsonNode done = api.get("/api/v1/deployments/" + id);
        if (done.has("approval")) {
            assertThat(done.path("approval").path("status").asText()).isEqualTo("APPROVED");
            assertThat(text(d, "#approval")).contains("APPROVED").contains("release-manager").contains("backup checked");
        }
        browser.drainConsole("approved deployment " + id);
        assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    }

    static void login(ChromeDriver d, WebDriverWait wait, String key) {
        login(stack.gatewayUrl(), d, wait, key);
    }

    static void login(String gatewayUrl, ChromeDriver d, WebDriverWait wait, String key) {
        d.get(gatewayUrl + "/");
        if (!d.findElements(By.cssSelector("#who button")).isEmpty()) {
            return; // this tab is logged in already
        }
        wait.until(x -> x.findElement(By.id("api-key"))).sendKeys(key);
        d.findElement(By.cssSelector("#login-form button[type=submit]")).click();
        wait.until(x -> text(x, "main h1").equals("Applications"));
    }

    /** Five minutes of one-per-10-s samples from two instances of each version, healthy with some noise. */
    static void ingestHealthySamples() {
        List<Map<String, Object>> samples = new ArrayList<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        java.util.Random random = new java.util.Random(42);
        for (int i = 30; i >= 1; i--) {
            Instant time = now.minusSeconds(10L * i);
            for (String version : List.of("1.0.0", "1.1.0")) {
                for (int instance = 1; instance <= 2; instance++) {
                    long requests = 900 + random.nextInt(200);
                    Map<String, Object> s = new LinkedHashMap<>();
                    s.put("application", APP);
                    s.put("environment", ENV);
                    s.put("version", version);
                    s.put("instance", version + "-" + instance);
                    s.put("time", time.toString());
                    s.put("requests", requests);
                    s.put("errors", (long) random.nextInt(4));
                    s.put("http5xx", random.nextInt(10) == 0 ? 1L : 0L);
                    s.put("latencyP95Ms", 110.0 + random.nextGaussian() * 8);
                    s.put("cpu", 0.35 + random.nextDouble() * 0.1);
                    s.put("memory", 0.5 + random.nextDouble() * 0.05);
                    s.put("activeUsers", 300L + random.nextInt(50));
                    samples.add(s);
                }
            }
        }
        api.post("/api/v1/metrics/samples", samples);
        await("health of both versions", () -> api.get("/api/v1/metrics/health?application=" + APP + "&environment=" + ENV)
                .path("versions").size() == 2);
    }

    /** The text of the first match, or ""; views that follow a running saga repaint, so a stale read is retried. */
    static String text(org.openqa.selenium.WebDriver d, String css) {
        for (int attempt = 0; ; attempt++) {
            try {
                var found = d.findElements(By.cssSelector(css));
                return found.isEmpty() ? "" : found.get(0).getText().trim();
            } catch (StaleElementReferenceException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    static void replace(WebElement input, String value) {
        input.clear();
        input.sendKeys(value);
    }

    static void await(String what, Supplier<Boolean> condition) {
        Instant deadline = Instant.now().plus(WAIT);
        AssertionError last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.get()) {
                    return;
                }
            } catch (AssertionError e) {
                last = e; // e.g. a 404 until an event has been consumed
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out waiting for: " + what + (last == null ? "" : " (last: " + last.getMessage() + ")"));
    }
}
