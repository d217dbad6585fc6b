package org.ombuds.accounts.internal;

import org.ombuds.accounts.Accounts;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Web sign-in by email and password; disabled accounts and accounts without a password cannot sign in. */
@Component
class StaffUserDetails implements UserDetailsService {
    private final Accounts accounts;

    StaffUserDetails(Accounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return accounts.signInForm(email)
                .filter(user -> user.getPassword() != null)
                .orElseThrow(() -> new UsernameNotFoundException("no active account with a password"));
    }
}
