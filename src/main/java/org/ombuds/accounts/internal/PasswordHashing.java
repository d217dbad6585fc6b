package org.ombuds.accounts.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

@Configuration(proxyBeanMethods = false)
class PasswordHashing {
    @Bean
    PasswordEncoder passwordEncoder() {
        // Argon2id (BouncyCastle) at OWASP's recommended minimum: 19 MiB memory, 2 iterations, 1 lane.
        return new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
    }
}
