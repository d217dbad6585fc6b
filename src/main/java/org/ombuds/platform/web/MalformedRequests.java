package org.ombuds.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.HeaderWriterFilter;

/**
 * Requests whose address is malformed or suspicious (an encoded slash, "..", a semicolon) are refused with a 400 that
 * has the form of every other error: problem+json on the API, the error page elsewhere, with the security headers.
 * Tomcat would refuse an encoded slash itself, with its own HTML page (inline style, no security headers); it now lets
 * it through to Spring Security's firewall, which refuses it, and the refusal goes to {@link ErrorPages}. What Tomcat
 * still refuses before any application code runs (a request line it cannot decode) gets {@link PlainErrorReport}.
 * Requests whose parameters cannot be read (a broken upload, a form too large) are refused by
 * {@link UnreadableParameters}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class MalformedRequests {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesReachTheFirewall() {
        return factory -> {
            factory.addConnectorCustomizers(connector -> connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue()));
            factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) host.setErrorReportValveClass(PlainErrorReport.class.getName());
            });
        };
    }

    /**
     * Tomcat's own error report, for what it refuses itself: problem+json on the API, a plain page elsewhere, both
     * with a policy that allows nothing to run, instead of Tomcat's page with inline style.
     */
    public static class PlainErrorReport extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) return;
            String uri = request.getCoyoteRequest().requestURI().toString(); // as sent: it may not decode
            boolean api = uri != null && (uri.startsWith("/api/") || uri.startsWith("/actuator") || uri.startsWith("/v3/"));
            String reason = HttpStatus.resolve(status) == null ? "Error" : HttpStatus.resolve(status).getReasonPhrase();
            try {
                response.resetBuffer();
                response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
                response.setHeader("X-Content-Type-Options", "nosniff");
                response.setHeader("X-Frame-Options", "DENY");
                response.setHeader("Referrer-Policy", "no-referrer");
                response.setCharacterEncoding(StandardCharsets.UTF_8.name());
                response.setContentType(api ? "application/problem+json" : "text/html");
                Writer writer = response.getReporter();
                if (writer == null) return;
                writer.write(api
                        ? "{\"type\":\"about:blank\",\"title\":\"" + reason + "\",\"status\":" + status
                                + ",\"detail\":\"the request could not be read: check the address and try again\"}"
                        : "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + status + " " + reason
                                + "</title></head><body><h1>" + reason + "</h1><p>The request could not be read: check the address and try again."
                                + " <a href=\"/\">Home</a></p></body></html>");
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client went away: nothing to tell
            }
        }
    }

    /** In every security filter chain: after the security headers are set, before anything (the CSRF check) reads a parameter. */
    @Bean
    Customizer<HttpSecurity> unreadableParametersRefused(MultipartProperties multipart, TomcatServerProperties tomcat) {
        return http -> http.addFilterAfter(new UnreadableParameters(multipart, tomcat), HeaderWriterFilter.class);
    }

    @Bean
    RequestRejectedHandler refusedAsBadRequest() {
        return new HttpStatusRequestRejectedHandler(HttpStatus.BAD_REQUEST.value());
    }
}
