package org.ombuds.coc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.ombuds.coc.internal.CodeLinks;
import org.ombuds.community.SpaceKind;
import org.ombuds.platform.InvalidInputException;

/**
 * Reads what a Code defines from its own sections, so that the ids decisions cite come from the text people
 * read: categories from "Unacceptable Behavior", the ladder from "Reporting and Enforcement", spaces from "Scope".
 * Items are Markdown bullets; a bold lead-in names them ({@code * **Written Warning:** A formal ...}).
 */
final class CodeParser {
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern NAMED_ITEM = Pattern.compile("^\\s*[*+-]\\s+\\*\\*(.+?)\\*\\*\\s*:?\\s*(.*)$");
    private static final Pattern PLAIN_ITEM = Pattern.compile("^\\s*[*+-]\\s+(.+?)\\s*$");
    /** Words left out of ids: "Doxing and Privacy Violations" is {@code doxing-privacy}. */
    private static final Set<String> FILLER = Set.of("a", "an", "and", "of", "or", "the", "violations");

    record Structure(List<Category> categories, List<EnforcementAction> actions, List<ScopeEntry> scope) {
    }

    private enum Section { OTHER, UNACCEPTABLE, ENFORCEMENT, SCOPE }

    static Structure parse(String markdown) {
        List<Category> categories = new ArrayList<>();
        List<EnforcementAction> actions = new ArrayList<>();
        List<ScopeEntry> scope = new ArrayList<>();
        Section section = Section.OTHER;
        for (String line : markdown.split("\\R")) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                section = sectionOf(heading.group(1));
                continue;
            }
            Matcher named = NAMED_ITEM.matcher(line);
            switch (section) {
                case UNACCEPTABLE -> {
                    if (named.matches()) categories.add(new Category(idOf(named.group(1)), nameOf(named.group(1)), named.group(2).strip()));
                }
                case ENFORCEMENT -> {
                    if (named.matches()) actions.add(new EnforcementAction(idOf(named.group(1)), nameOf(named.group(1)),
                            named.group(2).strip(), actions.size() + 1));
                }
                case SCOPE -> {
                    Matcher plain = PLAIN_ITEM.matcher(line);
                    if (plain.matches()) {
                        String text = plain.group(1).replace("*", "").strip();
                        scope.add(new ScopeEntry(SpaceKind.describedBy(text).id(), text));
                    }
                }
                default -> { }
            }
        }
        return new Structure(List.copyOf(categories), List.copyOf(actions), List.copyOf(scope));
    }

    /** Refuses a Code that defines nothing a decision could cite, or that links anywhere a reader should not be sent. */
    static Structure parseForPublishing(String markdown) {
        Structure structure = parse(markdown);
        if (structure.categories().isEmpty()) {
            throw new InvalidInputException("markdown", "the Code needs an \"Unacceptable Behavior\" section listing categories as"
                    + " bullets with a bold name, for example: * **Harassment:** ...");
        }
        if (structure.actions().isEmpty()) {
            throw new InvalidInputException("markdown", "the Code needs a \"Reporting and Enforcement\" section listing the"
                    + " possible actions as bullets with a bold name, for example: * **Correction:** ...");
        }
        // Decisions, reports and the API cite these ids: each must exist and name one item only.
        Set<String> ids = new LinkedHashSet<>();
        for (Category category : structure.categories()) {
            if (category.id().isEmpty()) throw new InvalidInputException("markdown", withoutId("category", category.name()));
            if (!ids.add(category.id())) {
                throw new InvalidInputException("markdown", "two categories share the id '" + category.id() + "'");
            }
        }
        Set<String> actionIds = new LinkedHashSet<>();
        for (EnforcementAction action : structure.actions()) {
            if (action.id().isEmpty()) throw new InvalidInputException("markdown", withoutId("action", action.name()));
            if (!actionIds.add(action.id())) {
                throw new InvalidInputException("markdown", "two actions share the id '" + action.id() + "'");
            }
        }
        CodeLinks.firstRefused(markdown).ifPresent(link -> {
            throw new InvalidInputException("markdown", "the Code links to '" + org.ombuds.platform.Slugs.printable(link) + "', which is not"
                    + " allowed: a link must start with https://, http:// or mailto:, or lead to a page of this site (such as /report or #scope)");
        });
        return structure;
    }

    private static String withoutId(String what, String name) {
        return "the " + what + " '" + org.ombuds.platform.Slugs.printable(name) + "' needs a name with Latin letters or digits,"
                + " from which its id is made (such as **Harassment**)";
    }

    private static Section sectionOf(String heading) {
        String text = heading.toLowerCase(Locale.ROOT);
        if (text.contains("unacceptable")) return Section.UNACCEPTABLE;
        if (text.contains("enforcement")) return Section.ENFORCEMENT;
        if (text.contains("scope")) return Section.SCOPE;
        return Section.OTHER;
    }

    private static String nameOf(String boldText) {
        return boldText.strip().replaceAll(":$", "").strip();
    }

    static String idOf(String name) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : nameOf(name).toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!word.isEmpty() && !FILLER.contains(word)) words.add(word);
        }
        return String.join("-", words);
    }
}
