package org.ombuds.community;

/** A place where the community meets and the Code applies: a repository, a chat, an event, ... */
public record Space(String id, String communityId, String slug, SpaceKind kind, String name) {
}
