package org.ombuds.cases;

import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;

/**
 * Neutral case names such as {@code amber-heron-417}: easy to say in a meeting, and never derived from the
 * people involved. 64 × 64 × 900 = 3.7 million names; a taken one is drawn again.
 */
public final class CodeNames {
    private static final List<String> ADJECTIVES = List.of(
            "amber", "azure", "bold", "brisk", "calm", "cedar", "clear", "coral", "crisp", "dawn", "deep", "dusky", "early",
            "even", "fair", "fern", "firm", "fleet", "frost", "gentle", "glad", "golden", "green", "grey", "hazel", "high",
            "ivory", "jade", "keen", "kind", "late", "light", "linen", "lucid", "maple", "mellow", "mild", "misty", "noble",
            "north", "oak", "ochre", "olive", "pale", "pine", "plain", "quiet", "rapid", "red", "river", "rose", "rust",
            "sage", "sand", "silver", "slate", "snow", "south", "steady", "still", "stone", "swift", "tidal", "warm");
    private static final List<String> NOUNS = List.of(
            "anchor", "aspen", "badger", "beacon", "birch", "brook", "canyon", "cedar", "cliff", "cloud", "comet", "cove",
            "crane", "creek", "delta", "dune", "eagle", "elm", "falcon", "fjord", "finch", "forest", "garnet", "glade",
            "grove", "harbor", "hawk", "heron", "hill", "island", "juniper", "kestrel", "lagoon", "lake", "lantern", "larch",
            "lark", "maple", "marsh", "meadow", "mesa", "moon", "moss", "otter", "owl", "pebble", "pine", "plover", "prairie",
            "quartz", "raven", "reef", "ridge", "robin", "shore", "sparrow", "spruce", "summit", "swan", "thicket", "tide",
            "valley", "willow", "wren");
    private static final SecureRandom RANDOM = new SecureRandom();

    private CodeNames() {
    }

    static String draw() {
        return ADJECTIVES.get(RANDOM.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(RANDOM.nextInt(NOUNS.size())) + "-"
                + (100 + RANDOM.nextInt(900));
    }

    /** "Amber Heron 417", "amber heron 417" and "amber-heron-417" all name the same case. */
    static String canonical(String text) {
        return text == null ? null : text.strip().toLowerCase(Locale.ROOT).replaceAll("[\\s_-]+", "-");
    }

    /** How people see it: "Amber Heron 417". */
    public static String display(String codeName) {
        if (codeName == null) return "";
        StringBuilder out = new StringBuilder();
        for (String part : codeName.split("-")) {
            if (part.isEmpty()) continue;
            if (!out.isEmpty()) out.append(' ');
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
