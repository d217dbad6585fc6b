package org.ombuds.platform.web;

import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.apache.tomcat.util.http.fileupload.impl.FileCountLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.FileSizeLimitExceededException;
import org.apache.tomcat.util.http.fileupload.impl.SizeLimitExceededException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A request whose parameters cannot be read — an upload with too many parts, a part header or a file over its limit, a
 * multipart body without its boundary or cut short, a form over its size, a query or form that does not decode — is
 * refused here, before anything else reads them: 413 when something is too large, 400 otherwise, answered by
 * {@link ErrorPages} like every other error (problem+json on the API, the error page elsewhere) and saying what was
 * wrong. Tomcat would otherwise throw from whichever code asks for a parameter first (the CSRF check, for forms), and
 * again on the error page, which would answer 500. It runs in every security filter chain right after the security
 * headers are set (see {@link MalformedRequests}), so the refusal carries them too.
 * <p>
 * On the error dispatch it hands on a request whose unreadable parts read as absent: the parameters after a refusal
 * here, and any header Spring Security's firewall refuses (a value with a control character), which it refuses again
 * at every read, so the error page for its 400 would otherwise be empty.
 */
class UnreadableParameters extends OncePerRequestFilter {
    private static final Logger log = LoggerFactory.getLogger(UnreadableParameters.class);
    private static final String REFUSAL = UnreadableParameters.class.getName() + ".refusal";

    /** Why the parameters could not be read: the status, the message key and what fills it in. */
    record Refusal(HttpStatus status, String messageKey, Object... arguments) {
    }

    private final MultipartProperties multipart;
    private final TomcatServerProperties tomcat;

    UnreadableParameters(MultipartProperties multipart, TomcatServerProperties tomcat) {
        this.multipart = multipart;
        this.tomcat = tomcat;
    }

    /** The refusal this request was answered with, or null. */
    static Refusal refusal(HttpServletRequest request) {
        return request.getAttribute(REFUSAL) instanceof Refusal refusal ? refusal : null;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ERROR) {
            chain.doFilter(new OnlyWhatCanBeRead(request, refusal(request) != null), response);
            return;
        }
        Refusal refusal;
        try {
            request.getParameterMap();
            refusal = null;
        } catch (InvalidParameterException e) {
            refusal = refusal(e, isMultipart(request));
            log.debug("refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        }
        if (refusal == null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(REFUSAL, refusal);
        response.sendError(refusal.status().value());
    }

    private Refusal refusal(InvalidParameterException e, boolean multipart) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof FileCountLimitExceededException tooMany) {
                return new Refusal(HttpStatus.CONTENT_TOO_LARGE, "error.request.parts", tooMany.getLimit());
            }
            if (cause instanceof FileSizeLimitExceededException tooLarge) {
                return new Refusal(HttpStatus.CONTENT_TOO_LARGE, "error.request.file", size(tooLarge.getPermittedSize()));
            }
            if (cause instanceof SizeLimitExceededException tooLarge) {
                // The same exception says that the whole upload, or one part's header section, is over its limit.
                return tooLarge.getPermittedSize() == this.multipart.getMaxRequestSize().toBytes()
                        ? new Refusal(HttpStatus.CONTENT_TOO_LARGE, "error.request.size", size(tooLarge.getPermittedSize()))
                        : new Refusal(HttpStatus.CONTENT_TOO_LARGE, "error.request.part-header", tooLarge.getPermittedSize());
            }
        }
        if (e.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return new Refusal(HttpStatus.CONTENT_TOO_LARGE, "error.request.size",
                    size((multipart ? this.multipart.getMaxRequestSize() : tomcat.getMaxHttpFormPostSize()).toBytes()));
        }
        return multipart ? new Refusal(HttpStatus.BAD_REQUEST, "error.request.multipart")
                : new Refusal(HttpStatus.BAD_REQUEST, "error.request.fields", tomcat.getMaxParameterCount());
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/");
    }

    /** A size as people write it: "30 MB", "1 MB", "512 B". */
    static String size(long bytes) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) return bytes / (1024 * 1024) + " MB";
        if (bytes >= 1024 && bytes % 1024 == 0) return bytes / 1024 + " KB";
        return bytes + " B";
    }

    /** The request as the error page sees it: without the parameters and headers that could not be read. */
    private static final class OnlyWhatCanBeRead extends HttpServletRequestWrapper {
        private final boolean withoutParameters;

        OnlyWhatCanBeRead(HttpServletRequest request, boolean withoutParameters) {
            super(request);
            this.withoutParameters = withoutParameters;
        }

        @Override
        public String getHeader(String name) {
            try {
                return super.getHeader(name);
            } catch (RequestRejectedException refused) {
                return null;
            }
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            try {
                return Collections.enumeration(Collections.list(super.getHeaders(name)));
            } catch (RequestRejectedException refused) {
                return Collections.emptyEnumeration();
            }
        }

        @Override
        public String getParameter(String name) {
            return withoutParameters ? null : super.getParameter(name);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return withoutParameters ? Map.of() : super.getParameterMap();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return withoutParameters ? Collections.emptyEnumeration() : super.getParameterNames();
        }

        @Override
        public String[] getParameterValues(String name) {
            return withoutParameters ? null : super.getParameterValues(name);
        }

        @Override
        public Collection<Part> getParts() throws IOException, ServletException {
            return withoutParameters ? List.of() : super.getParts();
        }

        @Override
        public Part getPart(String name) throws IOException, ServletException {
            return withoutParameters ? null : super.getPart(name);
        }
    }
}
