package org.ombuds.accounts.internal;

import org.ombuds.accounts.Accounts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Tells a new operator, in the server log, how to create the first admin. */
@Component
@ConditionalOnWebApplication
class FirstRunHint {
    private static final Logger log = LoggerFactory.getLogger(FirstRunHint.class);
    private final Accounts accounts;

    FirstRunHint(Accounts accounts) {
        this.accounts = accounts;
    }

    @EventListener(ApplicationReadyEvent.class)
    void explainHowToCreateTheFirstAdmin() {
        if (!accounts.hasActiveAdmin()) {
            log.warn("""
                    Ombuds has no admin account yet. Create one with the same data folder or database settings:
                        java -jar target/ombuds.jar user add --email you@example.org --name "Your Name" --role admin
                    (or ./mvnw -q spring-boot:run -Dspring-boot.run.arguments="user add --email you@example.org --name 'Your Name' --role admin")
                    It prints the account id, and a one-time link to set the password on stderr.""");
        }
    }
}
