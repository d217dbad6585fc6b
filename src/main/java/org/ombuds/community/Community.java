package org.ombuds.community;

/** A community adopts a Code of Conduct; a foundation's projects are communities with a parent. */
public record Community(String id, String slug, String name, String parentId) {
}
