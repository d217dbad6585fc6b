package org.ombuds.transparency;

import java.time.Instant;

/**
 * A transparency report as the admins handle it: draft (figures counted and stored), reviewed, published.
 * {@code figures} are the true counts (admins only); {@code publication} what is or would be published.
 */
public record TransparencyReport(String id, Period period, String status, Figures figures, Publication publication, String createdBy,
                                 Instant createdAt, String reviewedBy, Instant reviewedAt, String reviewNote, String publishedBy,
                                 Instant publishedAt) {
    public static final String DRAFT = "draft";
    public static final String REVIEWED = "reviewed";
    public static final String PUBLISHED = "published";

    public boolean published() {
        return status.equals(PUBLISHED);
    }
}
