package org.ombuds.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import org.ombuds.platform.OmbudsProperties;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

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
            // Bean definitions made at build time (Spring AOT) describe the server, not this web-less context.
            System.clearProperty("spring.aot.enabled");
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

    /**
     * The operator's settings without starting the application: {@code restore} must not have a database and key
     * sets created in the folder it is about to fill. Bound like the application binds them (application.yml's
     * defaults, the environment, and the properties given to this context first).
     */
    OmbudsProperties settings() {
        if (beans != null) return beans.getBean(OmbudsProperties.class);
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("command line", properties));
        try {
            // The first document holds the defaults; the others are profiles that change no ombuds.* path used here.
            environment.getPropertySources().addLast(new YamlPropertySourceLoader()
                    .load("application.yml", new ClassPathResource("application.yml")).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default settings", e);
        }
        return Binder.get(environment).bindOrCreate("ombuds", OmbudsProperties.class);
    }

    @Override
    public void close() {
        if (started != null) started.close();
    }
}
