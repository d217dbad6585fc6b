package org.ombuds.intake;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.AriaRole;

import org.junit.jupiter.api.Test;
import org.ombuds.support.Browser;
import org.ombuds.support.TestDatabases;
import org.ombuds.support.BrowserWebTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A reporter files anonymously in headless chromium and follows up with the receipt. */
class ReportFormBrowserTest extends BrowserWebTest {
    @Autowired
    Intake intake;
    @Autowired
    JdbcClient jdbc;

    /** The smallest valid PNG: one transparent pixel. */
    private static final byte[] PNG = java.util.Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    @Test
    void aReporterFilesAnonymouslyAndFollowsUpWithTheReceipt() throws Exception {
        Page page = browser.newPage();
        page.navigate(url("/report"));
        page.getByLabel("Which part of the Code does it concern?").selectOption("insults-personal-attacks");
        page.getByLabel("What happened", new Page.GetByLabelOptions().setExact(true)).fill("Called me an idiot in the review of PR 42.");
        page.getByLabel("Their usernames (optional)").fill("github:rude-reviewer");
        page.getByLabel("Files (optional)").setInputFiles(new FilePayload[] {
                new FilePayload("review.png", "image/png", PNG),
                new FilePayload("chat-log.txt", "text/plain", ("ATTACHED-MARKER-7731 the chat log").getBytes(StandardCharsets.UTF_8))});
        Browser.screenshot(page, "report-form");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the report")).click();

        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your report is stored"))).isVisible();
        String receipt = page.locator("#receipt").textContent().strip();
        assertThat(receipt).matches("[0-9A-Z]{5}(-[0-9A-Z]{5}){4}");
        Browser.screenshot(page, "report-received");

        String reportId = jdbc.sql("SELECT id FROM report ORDER BY received_at DESC LIMIT 1").query(String.class).single();
        assertThat(intake.content(reportId).description()).isEqualTo("Called me an idiot in the review of PR 42.");
        assertThat(intake.content(reportId).reporterEmail()).isNull();
        var attachments = intake.attachments(reportId);
        assertThat(attachments).extracting(Intake.StoredAttachment::fileName).containsExactlyInAnyOrder("review.png", "chat-log.txt");
        assertThat(attachments).extracting(Intake.StoredAttachment::mediaType).containsExactlyInAnyOrder("image/png", "text/plain");
        var text = attachments.stream().filter(a -> a.fileName().equals("chat-log.txt")).findFirst().orElseThrow();
        assertThat(new String(intake.attachmentContent(reportId, text.id()), StandardCharsets.UTF_8)).isEqualTo("ATTACHED-MARKER-7731 the chat log");
        if (TestDatabases.selected().equals(TestDatabases.SQLITE)) {
            try (var files = Files.walk(dataDir())) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).as(file.toString())
                            .doesNotContain("ATTACHED-MARKER-7731").doesNotContain("Called me an idiot");
                }
            }
        }
        intake.messageReporter(reportId, null, "Could you tell us which day this was?");

        Page later = browser.newPage();
        later.navigate(url("/receipt"));
        later.getByLabel("Receipt").fill(receipt.toLowerCase());
        later.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Show my report")).click();
        assertThat(later.getByText("Could you tell us which day this was?")).isVisible();
        later.getByLabel("Write to the committee").fill("It was last Tuesday.");
        later.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send")).click();
        assertThat(later.getByText("Your message was sent to the committee.")).isVisible();
        assertThat(later.getByText("It was last Tuesday.")).isVisible();
        Browser.screenshot(later, "receipt-status");
    }

    @Test
    void aRefusedFormComesBackWithEverythingTypedAndTheFieldMarked() {
        Page page = browser.newPage();
        page.navigate(url("/report"));
        page.getByLabel("What happened", new Page.GetByLabelOptions().setExact(true)).fill("Something I do not want to type twice.");
        page.getByLabel("Their usernames (optional)").fill("octocat-without-kind");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the report")).click();

        assertThat(page.locator("#category")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#error-category")).containsText("category must be one of");
        assertThat(page.getByLabel("What happened", new Page.GetByLabelOptions().setExact(true)))
                .hasValue("Something I do not want to type twice.");
        page.getByLabel("Which part of the Code does it concern?").selectOption("harassment");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the report")).click();
        assertThat(page.locator("#reportedHandles")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#error-reportedHandles")).containsText("kind:value");
        assertThat(page.locator("#reportedHandles")).hasValue("octocat-without-kind");
        Browser.screenshot(page, "report-form-error");
    }

    @Test
    void aFileThatIsNotAnImagePdfOrTextIsRefusedAndTheTextKept() {
        Page page = browser.newPage();
        page.navigate(url("/report"));
        page.getByLabel("Which part of the Code does it concern?").selectOption("harassment");
        page.getByLabel("What happened", new Page.GetByLabelOptions().setExact(true)).fill("Please keep this text.");
        page.getByLabel("Files (optional)").setInputFiles(new FilePayload("page.exe", "image/png", new byte[] {'M', 'Z', 0, 0, 1, 2, 3}));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the report")).click();
        assertThat(page.locator("#attachments")).hasAttribute("aria-invalid", "true");
        assertThat(page.locator("#error-attachments")).containsText("is not an image");
        assertThat(page.getByLabel("What happened", new Page.GetByLabelOptions().setExact(true))).hasValue("Please keep this text.");
    }

    @Test
    void theFormWorksWithTheKeyboardAlone() {
        Page page = browser.newPage();
        page.navigate(url("/report"));
        page.locator("#category").focus();
        page.keyboard().press("ArrowDown");
        page.keyboard().press("Tab"); // to the category explanations
        page.keyboard().press("Tab");
        page.keyboard().type("Told in the hallway that people like me do not belong here.");
        page.locator("button[type=submit]").focus();
        page.keyboard().press("Enter");
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Your report is stored"))).isVisible();
    }
}
