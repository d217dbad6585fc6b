package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The module layout of DESIGN.md: modules talk through each other's root package (or events) only. */
class ModularityTests {
    private final ApplicationModules modules = ApplicationModules.of(Ombuds.class);

    @Test
    void modulesOnlyUseEachOthersPublicApi() {
        modules.verify();
    }

    @Test
    void theModulesAreThoseOfTheDesign() {
        assertThat(modules.stream().map(module -> module.getIdentifier().toString()))
                .contains("coc", "community", "accounts", "crypto", "cli", "platform");
        new Documenter(modules).writeModulesAsPlantUml();
    }
}
