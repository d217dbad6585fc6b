package org.ombuds.audit;

import java.util.Collection;
import java.util.Map;

/** Display names for the actors of audit entries (account ids), provided by the accounts module. */
public interface ActorNames {
    /** Names for those of these ids that are accounts; other actors (reporter, system) are left out. */
    Map<String, String> namesOf(Collection<String> actors);
}
