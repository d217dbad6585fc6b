/**
 * Staff accounts and how they sign in: roles per community, Argon2id passwords and their one-time set-up links,
 * two-factor sign-in (TOTP, recovery codes), single sign-on, sign-in lock-outs, API tokens (staff and space tokens) and
 * staff sessions. Owns the tables {@code account}, {@code account_handle}, {@code api_token}, {@code password_setup},
 * {@code recovery_code}, {@code sign_in_failure}, {@code sign_in_policy}, {@code totp_enrolment} and Spring Session's
 * {@code spring_session} / {@code spring_session_attributes}.
 */
@ApplicationModule(allowedDependencies = {"audit", "community", "crypto", "platform"})
package org.ombuds.accounts;

import org.springframework.modulith.ApplicationModule;
