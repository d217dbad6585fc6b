package org.ombuds.accounts.internal;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * What the provider's sign-in resolved to: the staff account, named by its id. It lives only until the sign-in
 * succeeds, when {@link SingleSignOnSuccess} replaces it with the same {@code StaffUser} a password sign-in makes; so it
 * carries nothing from the provider but the (already verified) ID token that {@link OidcUser} requires. Serializable,
 * as everything a session holds must be for sessions kept in the database.
 */
final class StaffSignIn implements OidcUser, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String accountId;
    private final OidcIdToken idToken;

    StaffSignIn(String accountId, OidcIdToken idToken) {
        this.accountId = accountId;
        this.idToken = idToken;
    }

    String accountId() {
        return accountId;
    }

    @Override
    public String getName() {
        return accountId;
    }

    @Override
    public Map<String, Object> getAttributes() {
        return Map.of("account", accountId);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of();
    }

    @Override
    public Map<String, Object> getClaims() {
        return idToken == null ? Map.of() : idToken.getClaims();
    }

    @Override
    public OidcUserInfo getUserInfo() {
        return null;
    }

    @Override
    public OidcIdToken getIdToken() {
        return idToken;
    }
}
