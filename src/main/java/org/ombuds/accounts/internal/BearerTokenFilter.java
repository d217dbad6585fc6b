package org.ombuds.accounts.internal;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.ombuds.accounts.ApiTokens;
import org.ombuds.accounts.SpaceClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/** Authenticates {@code Authorization: Bearer <token>} against the hashed API tokens. */
class BearerTokenFilter extends OncePerRequestFilter {
    private final ApiTokens tokens;
    private final AuthenticationEntryPoint entryPoint;

    BearerTokenFilter(ApiTokens tokens, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        var bearer = tokens.authenticate(header.substring(7).strip());
        if (bearer.isEmpty()) {
            entryPoint.commence(request, response, new BadCredentialsException("the token is unknown, revoked or expired"));
            return;
        }
        UsernamePasswordAuthenticationToken authentication;
        if (bearer.get() instanceof ApiTokens.StaffBearer staff) {
            authentication = UsernamePasswordAuthenticationToken.authenticated(staff.user(), null, staff.user().getAuthorities());
        } else {
            SpaceClient space = ((ApiTokens.SpaceBearer) bearer.get()).space();
            authentication = UsernamePasswordAuthenticationToken.authenticated(space, null,
                    List.of(new SimpleGrantedAuthority(SpaceClient.AUTHORITY)));
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
