package org.ombuds.sanctions;

import java.time.Instant;
import java.util.List;

import org.ombuds.coc.ActionKind;

/**
 * A decision as the committee sees it. {@code status}: awaiting-approval, in-effect, rejected, superseded or
 * lapsed (an interim measure nobody ratified in time). The Code version and its sha256 are the ones in force when
 * it was proposed; {@code suggestedAction} is what the ladder suggested then. {@code conditions} are the conditions
 * of return, {@code noContact} the handles of the people the subject must not contact, {@code toSubject} what the
 * committee wrote to the subject in the letter that announces it. {@code imported}: taken over from the committee's
 * earlier records (nobody voted on it here; its Code version is the one in force at the import). {@code kind}: what its
 * action does, whatever the Code calls it.
 */
public record Decision(String id, String caseId, String action, List<String> clauses, String reasoning, int codeVersion,
                       String codeSha256, List<String> spaces, String duration, Instant endsAt, boolean interim, Instant ratifyBy,
                       String supersedes, String proposedBy, Instant proposedAt, String status, Instant inEffectAt,
                       int approvalsNeeded, int committee, List<Vote> votes, String suggestedAction, String conditions,
                       List<String> noContact, String toSubject, boolean imported, ActionKind kind) {

    public record Vote(String accountId, String name, String vote, String comment, Instant at) {
    }
}
