package org.ombuds;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.ombuds.cli.OmbudsCommandLine;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Runs the server (no argument, or {@code serve}) or one command of the command line. */
@SpringBootApplication
public class Ombuds {
    public static void main(String[] args) {
        List<String> arguments = Arrays.asList(args);
        boolean serve = arguments.isEmpty()
                || (arguments.get(0).equals("serve") && !arguments.contains("--help") && !arguments.contains("-h"));
        if (serve) {
            SpringApplication.run(Ombuds.class, arguments.isEmpty() ? args : Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        var out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        var err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(OmbudsCommandLine.execute(Ombuds.class, args, out, err, Map.of()));
    }
}
