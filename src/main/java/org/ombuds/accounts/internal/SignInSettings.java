package org.ombuds.accounts.internal;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How sign-in defends itself (see application.yml for the OMBUDS_* variables): failed attempts per account and per
 * client address before a lock-out, the first lock-out (doubling with each further failure up to the longest), how
 * long a quiet account or address keeps its count, and how long a staff session lasts idle and at most.
 */
@ConfigurationProperties("ombuds.sign-in")
record SignInSettings(Integer accountFailures, Integer addressFailures, Duration lockout, Duration maxLockout,
                      Duration forgetAfter, Duration idleTimeout, Duration absoluteTimeout) {
    SignInSettings {
        if (accountFailures == null) accountFailures = 5;
        if (addressFailures == null) addressFailures = 20;
        if (lockout == null) lockout = Duration.ofMinutes(1);
        if (maxLockout == null) maxLockout = Duration.ofHours(1);
        if (forgetAfter == null) forgetAfter = Duration.ofHours(24);
        if (idleTimeout == null) idleTimeout = Duration.ofMinutes(30);
        if (absoluteTimeout == null) absoluteTimeout = Duration.ofHours(12);
    }
}
