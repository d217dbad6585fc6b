package org.ombuds.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import org.ombuds.platform.OmbudsProperties;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on the data: it reaches the application's services and writes its result to stdout. */
abstract class DataCommand implements Callable<Integer>, OmbudsCommandLine.ContextAware {
    @Spec
    CommandSpec spec;
    private CliContext context;

    @Override
    public final void context(CliContext context) {
        this.context = context;
    }

    <T> T bean(Class<T> type) {
        return context.bean(type);
    }

    /** The settings, read without starting the application. */
    OmbudsProperties settings() {
        return context.settings();
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
