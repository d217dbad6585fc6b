package org.ombuds.intake.internal;

import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

import org.ombuds.intake.NewReport;
import org.ombuds.intake.ReceiptView;
import org.ombuds.platform.InvalidInputException;
import org.ombuds.platform.OmbudsProperties;
import org.ombuds.platform.RateLimits;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Reports and receipts", description = "Confidential reports, anonymous follow-up with the receipt")
class ReportApi {
    private final SubmittingReport submitting;
    private final FollowingUpOnReport followingUp;
    private final OmbudsProperties properties;
    private final RateLimits limits;

    ReportApi(SubmittingReport submitting, FollowingUpOnReport followingUp, OmbudsProperties properties, RateLimits limits) {
        this.submitting = submitting;
        this.followingUp = followingUp;
        this.limits = limits;
        this.properties = properties;
    }

    record Reporter(String name, String email) {
    }

    record Reported(String name, List<String> handles) {
    }

    record ReportRequest(String category, String description, Boolean anonymous, Reporter reporter, Reported reported,
                         String space, String occurredAt, Boolean witness, String location, String evidence, String contact,
                         Boolean shareIdentity) {
    }

    record ReportAccepted(String receipt, String statusUrl) {
    }

    record Message(String body) {
    }

    @PostMapping("/api/v1/reports")
    @Operation(summary = "Report a concern; answered (201) only once the report is stored. Keep the receipt: it is shown once.")
    ResponseEntity<ReportAccepted> report(@RequestBody ReportRequest body, HttpServletRequest request) {
        if (body.anonymous() == null) throw new InvalidInputException("anonymous", "anonymous is required (true or false)");
        Reporter reporter = body.reporter() == null ? new Reporter(null, null) : body.reporter();
        Reported reported = body.reported() == null ? new Reported(null, List.of()) : body.reported();
        limits.take("reports", request.getRemoteAddr());
        var submitted = submitting.submit(new NewReport(body.category(), body.description(), instant(body.occurredAt()), body.space(),
                body.location(), reported.name(), reported.handles(), body.evidence(), body.anonymous(),
                Boolean.TRUE.equals(body.witness()), reporter.name(), reporter.email(), body.contact(),
                Boolean.TRUE.equals(body.shareIdentity()), "api"), List.of(), null);
        String statusUrl = properties.baseUrl() + "/api/v1/receipts/" + submitted.receipt();
        return ResponseEntity.created(URI.create(statusUrl)).body(new ReportAccepted(submitted.receipt(), statusUrl));
    }

    @GetMapping("/api/v1/receipts/{receipt}")
    @Operation(summary = "The status of the report and the messages with the committee, for the receipt's holder")
    ReceiptView follow(@PathVariable String receipt, HttpServletRequest request) {
        return followingUp.follow(receipt, request.getRemoteAddr());
    }

    @PostMapping("/api/v1/receipts/{receipt}/messages")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Write to the committee about the report, without revealing who you are")
    void reply(@PathVariable String receipt, @RequestBody Message message, HttpServletRequest request) {
        followingUp.reply(receipt, message == null ? null : message.body(), request.getRemoteAddr());
    }

    /** ISO-8601 instant, date-time with offset, or a plain date (taken as that day in UTC). */
    static Instant instant(String value) {
        if (value == null || value.isBlank()) return null;
        try {
            if (value.length() == 10) return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("occurredAt", "occurredAt must be an ISO-8601 date or date-time, e.g. 2026-11-20 or 2026-11-20T18:30:00Z");
        }
    }
}
