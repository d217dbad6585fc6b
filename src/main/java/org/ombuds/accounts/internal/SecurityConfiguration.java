package org.ombuds.accounts.internal;

import java.time.Clock;

import org.ombuds.accounts.Accounts;
import org.ombuds.accounts.ApiTokens;
import org.ombuds.accounts.SpaceClient;
import org.ombuds.accounts.TwoFactor;
import org.ombuds.platform.OmbudsProperties;
import org.ombuds.platform.Problems;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.session.autoconfigure.DefaultCookieSerializerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;

/**
 * Who may reach what. The API is stateless (bearer tokens, no cookies, so no CSRF surface); the pages use a
 * session cookie with CSRF protection on every form. Both send the same strict security headers, and with an https
 * base URL the session cookie is Secure and every response carries HSTS.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
@EnableMethodSecurity
class SecurityConfiguration {
    static final String[] STAFF_ROLES = {"ADMIN", "MODERATOR", "APPEAL_REVIEWER"};
    /** Who may ask ban checks: a space's token, and the committee. */
    static final String[] CHECKERS = {SpaceClient.AUTHORITY, "ROLE_ADMIN", "ROLE_MODERATOR"};
    /** No inline script or style, nothing from other origins, no framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";
    /** Swagger UI sets inline styles; it has no access to anything the API does not already publish. */
    static final String API_BROWSER_POLICY = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /** HSTS for a year. Without includeSubDomains: Ombuds often runs on one name of a community's domain whose other names it does not serve. */
    static final long HSTS_MAX_AGE = java.time.Duration.ofDays(365).toSeconds();

    /** The session cookie is Secure whenever the base URL is https, also behind a proxy that ends TLS (the request is http there). */
    @Bean
    DefaultCookieSerializerCustomizer secureSessionCookie(OmbudsProperties properties) {
        return serializer -> serializer.setUseSecureCookie(properties.servedOverHttps());
    }

    @Bean
    AuthenticationEntryPoint problemEntryPoint() {
        return (request, response, exception) -> {
            response.setHeader("WWW-Authenticate", "Bearer");
            Problems.write(response, HttpStatus.UNAUTHORIZED, "a valid API token is required: send it as 'Authorization: Bearer <token>'");
        };
    }

    @Bean
    AccessDeniedHandler problemAccessDenied() {
        return (request, response, exception) ->
                Problems.write(response, HttpStatus.FORBIDDEN, "this token may not do that");
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, AuthenticationEntryPoint problemEntryPoint,
                            AccessDeniedHandler problemAccessDenied, OmbudsProperties properties) throws Exception {
        http.securityMatcher("/api/**", "/actuator/**", "/v3/api-docs", "/v3/api-docs/**")
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .addFilterBefore(new BearerTokenFilter(tokens, problemEntryPoint), AnonymousAuthenticationFilter.class)
                .exceptionHandling(errors -> errors.authenticationEntryPoint(problemEntryPoint).accessDeniedHandler(problemAccessDenied))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/actuator/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/coc", "/api/v1/coc/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/transparency").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/v1/reports").permitAll()
                        .requestMatchers("/api/v1/receipts/**").permitAll()
                        .requestMatchers("/api/v1/appeals/by-link/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/enforcement/check").hasAnyAuthority(CHECKERS)
                        .requestMatchers("/api/v1/**").hasAnyRole(STAFF_ROLES)
                        .anyRequest().denyAll());
        headers(http, CONTENT_SECURITY_POLICY, properties);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain apiBrowser(HttpSecurity http, OmbudsProperties properties) throws Exception {
        http.securityMatcher("/swagger-ui/**", "/swagger-ui.html")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        headers(http, API_BROWSER_POLICY, properties);
        return http.build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain pages(HttpSecurity http, OmbudsProperties properties, Accounts accounts, TwoFactor twoFactor,
                              SignInThrottle throttle, SignInSettings settings, Clock clock, SingleSignOnLogin singleSignOn)
            throws Exception {
        http.addFilterBefore(new SessionRecheck(accounts), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new SessionLifetime(settings, clock), AnonymousAuthenticationFilter.class)
                .addFilterBefore(PasswordSignInThrottling.lockout(throttle), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(new SecondFactorGate(twoFactor), AuthorizationFilter.class)
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/staff", "/staff/**").hasAnyRole(STAFF_ROLES)
                        .anyRequest().permitAll())
                .formLogin(login -> login.loginPage("/login").usernameParameter(PasswordSignInThrottling.EMAIL)
                        .successHandler(PasswordSignInThrottling.onSuccess(throttle, twoFactor, clock))
                        .failureHandler(PasswordSignInThrottling.onFailure(throttle)).permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?signedOut"))
                .csrf(Customizer.withDefaults());
        singleSignOn.configure(http);
        headers(http, CONTENT_SECURITY_POLICY, properties);
        return http.build();
    }

    private static void headers(HttpSecurity http, String policy, OmbudsProperties properties) throws Exception {
        http.headers(headers -> headers
                .contentSecurityPolicy(csp -> csp.policyDirectives(policy))
                .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny)
                .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                .contentTypeOptions(Customizer.withDefaults())
                // On every response, not only those Spring sees arrive over TLS: behind a proxy none do. Off for an http
                // base URL, so that trying Ombuds out on http://localhost does not pin the browser to https there.
                .httpStrictTransportSecurity(hsts -> {
                    if (properties.servedOverHttps()) {
                        hsts.requestMatcher(AnyRequestMatcher.INSTANCE).maxAgeInSeconds(HSTS_MAX_AGE).includeSubDomains(false);
                    } else {
                        hsts.disable();
                    }
                }));
    }
}
