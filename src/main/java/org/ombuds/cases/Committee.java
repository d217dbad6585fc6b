package org.ombuds.cases;

import java.util.List;

/**
 * Who decides a case: {@code members} are the committee as it stood when the case opened (its admins and moderators),
 * less those who left it, declared a conflict, were recused by an admin or were confirmed as a party; their number is
 * what a quorum counts. {@code voters} are the members who may see the case now (a member a report names is kept out
 * until an admin decides, but still counts). {@code atOpening} is how many the committee had when the case opened.
 */
public record Committee(List<String> members, List<String> voters, int atOpening) {
    public Committee {
        members = List.copyOf(members);
        voters = List.copyOf(voters);
    }

    /** One person was the whole committee when the case opened: they decide alone, and are told so. */
    public boolean decidesAlone() {
        return atOpening <= 1 && members.size() <= 1;
    }
}
