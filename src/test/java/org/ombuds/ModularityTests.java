package org.ombuds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module layout of DESIGN.md: modules talk through each other's root package (or events) only, and each says in
 * its {@code package-info.java} which modules it uses, which {@link ApplicationModules#verify()} then holds it to.
 */
// No database: the PostgreSQL pass leaves it out (pom.xml, profile postgresql).
@Tag("no-sql")
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

    @Test
    void everyModuleDeclaresTheModulesItMayUse() {
        Set<String> undeclared = new TreeSet<>();
        modules.forEach(module -> {
            if (declared(module.getBasePackage().getName()) == null) undeclared.add(module.getIdentifier().toString());
        });
        assertThat(undeclared).as("modules without @ApplicationModule(allowedDependencies = …) in their package-info.java").isEmpty();
    }

    /** A declaration wider than the code lets a new dependency in unreviewed: the declared set is the one in use, no more. */
    @Test
    void everyModuleDeclaresOnlyTheModulesItUses() {
        Map<String, Set<String>> declared = new TreeMap<>();
        Map<String, Set<String>> used = new TreeMap<>();
        modules.forEach(module -> {
            String id = module.getIdentifier().toString();
            String[] allowed = declared(module.getBasePackage().getName());
            declared.put(id, allowed == null ? Set.of() : new TreeSet<>(Arrays.asList(allowed)));
            used.put(id, module.getDirectDependencies(modules).uniqueModules().map(target -> target.getIdentifier().toString())
                    .collect(Collectors.toCollection(TreeSet::new)));
        });
        assertThat(declared).isEqualTo(used);
    }

    private static String[] declared(String basePackage) {
        try {
            ApplicationModule module = Class.forName(basePackage + ".package-info").getAnnotation(ApplicationModule.class);
            if (module == null || Arrays.asList(module.allowedDependencies()).contains(ApplicationModule.OPEN_TOKEN)) return null;
            return module.allowedDependencies();
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
