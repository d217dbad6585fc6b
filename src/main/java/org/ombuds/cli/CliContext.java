package org.ombuds.cli;

import java.util.Map;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application without its web server, started only when a command needs the data (so --help and usage
 * errors answer at once). Logs go to stderr in the "cli" profile: stdout carries only the command's result.
 */
final class CliContext implements AutoCloseable {
    private final Class<?> application;
    private final Map<String, Object> properties;
    private BeanFactory beans;
    private ConfigurableApplicationContext started;

    CliContext(Class<?> application, Map<String, Object> properties) {
        this.application = application;
        this.properties = properties;
    }

    /** Commands run against an application that is already running (the tests' own). */
    CliContext(BeanFactory running) {
        this(null, Map.of());
        this.beans = running;
    }

    <T> T bean(Class<T> type) {
        if (beans == null) {
            started = new SpringApplicationBuilder(application)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .profiles("cli")
                    .run(properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new));
            beans = started;
        }
        return beans.getBean(type);
    }

    @Override
    public void close() {
        if (started != null) started.close();
    }
}
