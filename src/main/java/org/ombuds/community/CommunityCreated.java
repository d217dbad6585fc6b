package org.ombuds.community;

/** Published inside the creating transaction, so a new root community gets its Code atomically. */
public record CommunityCreated(String communityId, String parentId) {
    public boolean isRoot() {
        return parentId == null;
    }
}
