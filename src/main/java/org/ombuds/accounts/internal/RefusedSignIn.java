package org.ombuds.accounts.internal;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/** The provider vouched for an identity, but it is no active staff account's: the reason stays in the server. */
class RefusedSignIn extends OAuth2AuthenticationException {
    private final transient SignInMatching.Refused refusal;

    RefusedSignIn(SignInMatching.Refused refusal) {
        super(new OAuth2Error("access_denied"), refusal.reason());
        this.refusal = refusal;
    }

    SignInMatching.Refused refusal() {
        return refusal;
    }
}
