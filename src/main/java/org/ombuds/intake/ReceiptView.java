package org.ombuds.intake;

import java.time.Instant;
import java.util.List;

/**
 * What a receipt holder may see: the status of their report and the conversation with the committee. Once the
 * retention policy has purged the report, {@code purgedAt} says when, and the conversation is gone and closed.
 */
public record ReceiptView(String status, Instant receivedAt, String category, List<Message> messages, Instant purgedAt) {
    public record Message(String from, Instant sentAt, String body) {
    }
}
