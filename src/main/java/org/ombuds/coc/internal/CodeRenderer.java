package org.ombuds.coc.internal;

import java.util.Locale;
import java.util.Map;

import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.UrlSanitizer;
import org.ombuds.coc.CodeVersion;
import org.ombuds.platform.OmbudsProperties;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Turns a Code version into the page people read: the placeholders become the report link (and the
 * committee's address) and the appeal procedure. Raw HTML in the Code is escaped, and links other than http, https,
 * mailto and this site's own become plain text ({@link CodeLinks}; publishing refuses them, but versions stored before
 * may hold them), so a published Code cannot inject script into the page.
 */
@Component
class CodeRenderer {
    static final String CONTACT_PLACEHOLDER = "[INSERT CONTACT METHOD]";
    static final String APPEAL_PLACEHOLDER = "[APPEAL PROCESS/CONTACT]";

    private final Parser parser = Parser.builder().build();
    private final HtmlRenderer renderer = HtmlRenderer.builder()
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new SanitizedByCodeLinks())
            .attributeProviderFactory(context -> new HeadingIds())
            .build();
    private final OmbudsProperties properties;
    private final MessageSource messages;

    CodeRenderer(OmbudsProperties properties, MessageSource messages) {
        this.properties = properties;
        this.messages = messages;
    }

    String html(CodeVersion version, Locale locale) {
        Node document = parser.parse(filledIn(version.markdown(), locale));
        CodeLinks.unlinkRefused(document);
        return renderer.render(document);
    }

    /** The Code's text with its placeholders replaced, as Markdown. */
    String filledIn(String markdown, Locale locale) {
        String base = properties.baseUrl();
        String contact = properties.committee().hasEmail()
                ? messages.getMessage("coc.placeholder.contact-with-email",
                        new Object[] {base + "/report", properties.committee().email()}, locale)
                : messages.getMessage("coc.placeholder.contact", new Object[] {base + "/report"}, locale);
        String appeal = messages.getMessage("coc.placeholder.appeal", new Object[] {base + "/appeals"}, locale);
        return markdown.replace(CONTACT_PLACEHOLDER, contact).replace(APPEAL_PLACEHOLDER, appeal);
    }

    /** A second guard behind {@link CodeLinks#unlinkRefused}: whatever it missed gets no address at all. */
    private static final class SanitizedByCodeLinks implements UrlSanitizer {
        @Override
        public String sanitizeLinkUrl(String url) {
            return CodeLinks.allowed(url) ? url : "";
        }

        @Override
        public String sanitizeImageUrl(String url) {
            return sanitizeLinkUrl(url);
        }
    }

    /** Headings get ids ({@code #scope}) so that sections can be linked to. */
    private static final class HeadingIds implements AttributeProvider {
        @Override
        public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
            if (node instanceof Heading heading) {
                StringBuilder text = new StringBuilder();
                for (Node child = heading.getFirstChild(); child != null; child = child.getNext()) {
                    if (child instanceof Text literal) text.append(literal.getLiteral());
                }
                attributes.put("id", text.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", ""));
            }
        }
    }
}
