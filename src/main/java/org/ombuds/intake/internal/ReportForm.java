package org.ombuds.intake.internal;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

import org.ombuds.intake.NewReport;
import org.ombuds.platform.InvalidInputException;

/** What the report form posts; kept as typed so that a refused form comes back with everything still in it. */
public class ReportForm {
    private String category;
    private String description;
    private String occurredOn;
    private String space;
    private String location;
    private String reportedName;
    private String reportedHandles;
    private String evidence;
    private String role = "target";
    private String anonymous = "yes";
    private String reporterName;
    private String reporterEmail;
    private String contact;
    private boolean shareIdentity;
    /** The honeypot: hidden from people, filled in by naive bots. */
    private String website;

    NewReport toNewReport() {
        if (website != null && !website.isBlank()) {
            throw new InvalidInputException("website", "this field must stay empty");
        }
        boolean isAnonymous = !"no".equals(anonymous);
        List<String> handles = reportedHandles == null ? List.of()
                : Arrays.stream(reportedHandles.split("[\\r\\n,]+")).map(String::strip).filter(h -> !h.isEmpty()).toList();
        return new NewReport(category, description, occurredInstant(), space, location, reportedName, handles, evidence,
                isAnonymous, "witness".equals(role), isAnonymous ? null : reporterName, isAnonymous ? null : reporterEmail, contact,
                !isAnonymous && shareIdentity, "web");
    }

    private java.time.Instant occurredInstant() {
        if (occurredOn == null || occurredOn.isBlank()) return null;
        try {
            return LocalDate.parse(occurredOn.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("occurredAt", "the date must look like 2026-11-20", "occurredAt.format");
        }
    }

    public String getCategory() { return category; }
    public void setCategory(String category) { this.category = category; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public String getOccurredOn() { return occurredOn; }
    public void setOccurredOn(String occurredOn) { this.occurredOn = occurredOn; }
    public String getSpace() { return space; }
    public void setSpace(String space) { this.space = space; }
    public String getLocation() { return location; }
    public void setLocation(String location) { this.location = location; }
    public String getReportedName() { return reportedName; }
    public void setReportedName(String reportedName) { this.reportedName = reportedName; }
    public String getReportedHandles() { return reportedHandles; }
    public void setReportedHandles(String reportedHandles) { this.reportedHandles = reportedHandles; }
    public String getEvidence() { return evidence; }
    public void setEvidence(String evidence) { this.evidence = evidence; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public String getAnonymous() { return anonymous; }
    public void setAnonymous(String anonymous) { this.anonymous = anonymous; }
    public String getReporterName() { return reporterName; }
    public void setReporterName(String reporterName) { this.reporterName = reporterName; }
    public String getReporterEmail() { return reporterEmail; }
    public void setReporterEmail(String reporterEmail) { this.reporterEmail = reporterEmail; }
    public String getContact() { return contact; }
    public void setContact(String contact) { this.contact = contact; }
    public boolean isShareIdentity() { return shareIdentity; }
    public void setShareIdentity(boolean shareIdentity) { this.shareIdentity = shareIdentity; }
    public String getWebsite() { return website; }
    public void setWebsite(String website) { this.website = website; }
}
