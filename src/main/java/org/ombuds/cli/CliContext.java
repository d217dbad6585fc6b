package org.ombuds.cli;

import java.util.Map;

import org.ombuds.Ombuds;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application without its web server, started only when a command needs the data (so --help and usage
 * errors answer at once). Logs go to stderr in the "cli" profile: stdout carries only the command's result.
 */
final class CliContext implements AutoCloseable {
    private final Map<String, Object> properties;
    private ConfigurableApplicationContext context;

    CliContext(Map<String, Object> properties) {
        this.properties = properties;
    }

    <T> T bean(Class<T> type) {
        if (context == null) {
            context = new SpringApplicationBuilder(Ombuds.class)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .profiles("cli")
                    .properties(properties)
                    .run();
        }
        return context.getBean(type);
    }

    @Override
    public void close() {
        if (context != null) context.close();
    }
}
