package org.ombuds.coc.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.parser.Parser;

/**
 * Where a Code may link: the web (http, https), an email address (mailto) or this site itself (a path, a fragment, a
 * query). Any other scheme (data:, javascript:, vbscript:, file: ...) can run script in the reader's browser or reach
 * their machine: it is refused when a Code is published, and shown as plain text in versions stored before that.
 */
public final class CodeLinks {
    private static final Set<String> SCHEMES = Set.of("http", "https", "mailto");
    private static final Parser PARSER = Parser.builder().build();

    private CodeLinks() {
    }

    /**
     * Whether a link (or image) destination may stay. A destination has a scheme when a colon comes before any of
     * {@code / ? #}, as browsers read it once they have dropped surrounding spaces and control characters and every
     * tab and line break; without a scheme it leads within this site.
     */
    public static boolean allowed(String destination) {
        String url = asBrowsersRead(destination);
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?' || c == '#') return true;
            if (c == ':') return SCHEMES.contains(url.substring(0, i).toLowerCase(Locale.ROOT));
        }
        return true;
    }

    /** The first link or image of the Markdown that may not stay, as a browser would read it (entities decoded). */
    public static Optional<String> firstRefused(String markdown) {
        List<Node> refused = refused(PARSER.parse(markdown));
        return refused.stream().findFirst().map(node -> asBrowsersRead(destination(node)));
    }

    /** Replaces every link and image that may not stay by its text, so the reader sees the words and nothing to click. */
    public static void unlinkRefused(Node document) {
        for (Node node : refused(document)) {
            while (node.getFirstChild() != null) node.insertBefore(node.getFirstChild());
            node.unlink();
        }
    }

    private static List<Node> refused(Node document) {
        List<Node> refused = new ArrayList<>();
        document.accept(new AbstractVisitor() {
            @Override
            public void visit(Link link) {
                if (!allowed(link.getDestination())) refused.add(link);
                visitChildren(link);
            }

            @Override
            public void visit(Image image) {
                if (!allowed(image.getDestination())) refused.add(image);
                visitChildren(image);
            }
        });
        return refused;
    }

    private static String destination(Node node) {
        return node instanceof Link link ? link.getDestination() : ((Image) node).getDestination();
    }

    /** The WHATWG URL parser's first steps: leading and trailing C0 controls and spaces go, and tabs and newlines anywhere. */
    private static String asBrowsersRead(String destination) {
        return destination.replaceAll("[\\t\\n\\r]", "").replaceAll("^[\\x00-\\x20]+|[\\x00-\\x20]+$", "");
    }
}
