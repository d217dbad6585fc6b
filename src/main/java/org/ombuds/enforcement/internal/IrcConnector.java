package org.ombuds.enforcement.internal;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import javax.net.ssl.SSLException;

import org.ombuds.community.IdentityHandle;
import org.ombuds.enforcement.Connector;
import org.ombuds.enforcement.ConnectorSettings;
import org.ombuds.enforcement.PeerException;
import org.ombuds.enforcement.Target;
import org.ombuds.enforcement.internal.IrcClient.Line;
import org.springframework.stereotype.Component;

/**
 * Bans on an IRC server (written against InspIRCd 3) as K-lines, set by an IRC operator: every call connects, registers,
 * says OPER, does its work and QUITs.
 * <ul>
 * <li>apply: {@code KLINE <mask> <seconds> :<reason>}, the seconds left until the sanction ends (0, permanent, for a
 * sanction without an end; a sanction already over sets nothing). Confirmed by the server's notice (snomask x) or, without
 * one, by the line's presence in {@code STATS k}; "already exists" is success.</li>
 * <li>lift: {@code KLINE <mask>}; "not found on the list" is success.</li>
 * <li>applied: whether {@code STATS k} lists the mask; empty when the server does not let the operator read it.</li>
 * </ul>
 * The mask comes from the {@code hostmask} setting, {@code *@{host}} unless set: {@code {user}} is the nick of a handle
 * {@code irc:nick@host} and {@code {host}} its host. A handle without a host (a bare nick) is resolved with USERHOST while
 * that nick is online ({@code {user}} is then the ident the server reports); when it is not, apply refuses, since a K-line
 * needs a host. Lifting or checking a bare nick finds its K-lines in {@code STATS k} by the sanction id, which every reason
 * carries. The operator's type needs the KLINE command, {@code servers/auspex} (STATS k), {@code users/auspex} (the real
 * host in USERHOST) and, for the confirmations, the snomask x. Nothing the server or the sanction says is logged.
 * <p>
 * Over 300 lines on purpose: one peer's whole protocol (registration, OPER, K-lines, STATS parsing) in one place.
 */
@Component
public class IrcConnector implements Connector {
    private static final String DEFAULT_MASK = "*@{host}";
    private static final Pattern WORD = Pattern.compile("[^\\s:,][^\\s,]*");
    private static final Pattern MASK = Pattern.compile("[^\\s:!@][^\\s!@]*@[^\\s!@]+");
    private static final Set<String> REGISTRATION_ENDS = Set.of("376", "422", "432", "433", "436", "437", "464", "465", "ERROR");
    private final Clock clock;

    public IrcConnector(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String type() {
        return "irc";
    }

    @Override
    public Set<String> identityKinds() {
        return Set.of("irc");
    }

    @Override
    public Set<Capability> capabilities() {
        return EnumSet.of(Capability.BAN, Capability.SUSPEND_UNTIL);
    }

    @Override
    public List<Setting> settings() {
        return List.of(
                new Setting("host", "the IRC server's name or address", false, true),
                new Setting("port", "its port for clients (default 6667; 6697 is the usual one with TLS)", false, false),
                new Setting("tls", "true to connect with TLS; the server's certificate must be valid for the host (default false)", false, false),
                new Setting("nick", "the nick Ombuds uses on the server (default ombuds)", false, false),
                new Setting("operName", "the oper block's name; its type needs the KLINE command, servers/auspex (STATS k), users/auspex "
                        + "and the snomask x", false, true),
                new Setting("operPassword", "the oper block's password", true, true),
                new Setting("hostmask", "how a handle becomes the K-line's user@host mask: {user} is the handle's nick (or the ident the "
                        + "server reports for an online bare nick), {host} its host (default *@{host}: everyone from that host)", false, false));
    }

    @Override
    public void apply(ConnectorSettings settings, Target target) throws PeerException {
        long seconds = 0;
        if (target.until() != null) {
            long millis = target.until().toEpochMilli() - Instant.now(clock).toEpochMilli();
            if (millis <= 0) return;
            seconds = (millis + 999) / 1000;
        }
        long duration = seconds;
        session(settings, irc -> {
            Optional<String> fixed = fixedMask(settings, target.identity());
            String mask = fixed.isPresent() ? fixed.get() : onlineMask(irc, settings, target.identity());
            List<Line> answer = command(irc, "KLINE " + mask + " " + duration + " :" + reason(target));
            if (noticed(answer, mask, "added", "already exists")) return null;
            // No notice (an oper type without the snomask x): STATS k tells, or else the absence of a refusal does.
            if (klines(irc).map(lines -> lines.containsKey(mask)).orElse(serverNotices(answer).isEmpty())) return null;
            throw new PeerException("the IRC server did not set the K-line on " + mask + serverNotices(answer), false);
        });
    }

    @Override
    public void lift(ConnectorSettings settings, Target target) throws PeerException {
        session(settings, irc -> {
            Optional<String> fixed = fixedMask(settings, target.identity());
            List<String> masks = fixed.isPresent() ? List.of(fixed.get()) : klinesOf(irc, target)
                    .orElseThrow(() -> new PeerException("finding the K-lines of irc:" + target.identity().value() + " (a nick without a host) "
                            + "needs STATS k, which the server refused: give the oper type servers/auspex", false));
            for (String mask : masks) {
                command(irc, "KLINE " + mask);
            }
            return null;
        });
    }

    @Override
    public Optional<Boolean> applied(ConnectorSettings settings, Target target) throws PeerException {
        return session(settings, irc -> {
            Optional<String> fixed = fixedMask(settings, target.identity());
            if (fixed.isEmpty()) return klinesOf(irc, target).map(masks -> !masks.isEmpty());
            return klines(irc).map(lines -> lines.containsKey(fixed.get()));
        });
    }

    @Override
    public void test(ConnectorSettings settings) throws PeerException {
        session(settings, irc -> null);
    }

    private interface Work<T> {
        T run(IrcClient irc) throws IOException, PeerException;
    }

    /** Connects, registers and opers up, runs the work, and QUITs; network trouble is retryable, refusals are not. */
    private <T> T session(ConnectorSettings settings, Work<T> work) throws PeerException {
        String host = settings.require("host");
        int port = port(settings);
        boolean tls = Set.of("true", "yes", "1").contains(settings.get("tls", "false").toLowerCase(Locale.ROOT));
        String nick = word(settings, "nick", "ombuds");
        String operName = word(settings, "operName", null);
        String operPassword = settings.require("operPassword");
        String server = host + ":" + port;
        try (IrcClient irc = IrcClient.connect(host, port, tls)) {
            String me = register(irc, nick);
            irc.send("OPER " + operName + " :" + operPassword);
            List<Line> oper = irc.readUntil(line -> line.command().equals("381") || line.error());
            Line answer = oper.get(oper.size() - 1);
            if (answer.error()) throw new PeerException("the IRC server refused OPER " + operName + ": " + answer.describe(), false);
            // The snomask x brings the server's notices about K-lines; an oper type without it gets a refusal, harmlessly.
            irc.send("MODE " + me + " +s +x");
            irc.sync();
            return work.run(irc);
        } catch (SSLException e) {
            throw new PeerException("TLS with the IRC server " + server + " failed: " + e.getMessage(), false);
        } catch (SocketTimeoutException e) {
            throw new PeerException("the IRC server " + server + " did not answer in time", true);
        } catch (IOException e) {
            throw new PeerException("talking to the IRC server " + server + " failed: " + e.getMessage(), true);
        } catch (IllegalArgumentException e) {
            throw new PeerException("a setting of the IRC connector contains a line break", false);
        }
    }

    /** NICK and USER, then the welcome up to the end of the MOTD; a nick in use gets an underscore (three times at most). */
    private static String register(IrcClient irc, String nick) throws IOException, PeerException {
        irc.send("NICK " + nick);
        irc.send("USER ombuds 0 * :Ombuds");
        String me = nick;
        for (int tries = 1; ; tries++) {
            List<Line> lines = irc.readUntil(line -> REGISTRATION_ENDS.contains(line.command()));
            for (Line line : lines) {
                if (line.command().equals("001")) me = line.param(0);
            }
            Line end = lines.get(lines.size() - 1);
            switch (end.command()) {
                case "376", "422" -> {
                    return me;
                }
                case "433", "436", "437" -> {
                    if (tries > 3) throw new PeerException("the nick " + nick + " and its variants are in use on the IRC server", true);
                    me = me + "_";
                    irc.send("NICK " + me);
                }
                case "ERROR" -> throw new PeerException("the IRC server closed the connection: " + end.last(), true);
                default -> throw new PeerException("the IRC server refused the connection: " + end.describe(), false);
            }
        }
    }

    /** Sends a command and returns the server's answer to it; an error numeric becomes a PeerException. */
    private static List<Line> command(IrcClient irc, String command) throws IOException, PeerException {
        irc.send(command);
        List<Line> answer = irc.sync();
        for (Line line : answer) {
            if (line.error()) {
                throw new PeerException("the IRC server refused " + command.substring(0, command.indexOf(' ')) + ": " + line.describe(), false);
            }
        }
        return answer;
    }

    /** The K-lines STATS k lists, mask to reason; empty when the server refuses (STATS k needs servers/auspex). */
    private static Optional<Map<String, String>> klines(IrcClient irc) throws IOException {
        irc.send("STATS k");
        Map<String, String> lines = new LinkedHashMap<>();
        for (Line line : irc.sync()) {
            if (line.error()) return Optional.empty();
            if (line.command().equals("210") && line.param(1).equalsIgnoreCase("k")) {
                lines.put(line.param(2).toLowerCase(Locale.ROOT), line.last());
            }
        }
        return Optional.of(lines);
    }

    /** The masks of the K-lines whose reason names this sanction (how a bare nick's lines are found again). */
    private static Optional<List<String>> klinesOf(IrcClient irc, Target target) throws IOException {
        return klines(irc).map(lines -> {
            List<String> masks = new ArrayList<>();
            lines.forEach((mask, reason) -> {
                if (reason.contains(target.sanctionId())) masks.add(mask);
            });
            return masks;
        });
    }

    /** The mask for a handle with a host; empty for a bare nick. */
    private static Optional<String> fixedMask(ConnectorSettings settings, IdentityHandle identity) throws PeerException {
        requireIrc(identity);
        int at = identity.value().indexOf('@');
        if (at < 0) return Optional.empty();
        return Optional.of(mask(settings, identity, identity.value().substring(0, at), identity.value().substring(at + 1)));
    }

    /** The mask for a bare nick, from the ident and host the server reports while it is online. */
    private static String onlineMask(IrcClient irc, ConnectorSettings settings, IdentityHandle identity) throws IOException, PeerException {
        irc.send("USERHOST " + identity.value());
        String reply = "";
        for (Line line : irc.sync()) {
            if (line.command().equals("302")) reply = line.last().strip();
        }
        // "nick=+ident@host" ("*" after the nick for an operator, "-" instead of "+" when away)
        int equals = reply.indexOf('=');
        int at = reply.indexOf('@');
        if (equals < 0 || at < equals) {
            throw new PeerException("irc:" + identity.value() + " is not online, so the IRC server cannot tell its host, and a K-line "
                    + "needs one: add a handle irc:" + identity.value() + "@host", false);
        }
        return mask(settings, identity, reply.substring(equals + 2, at), reply.substring(at + 1).split(" ")[0]);
    }

    private static String mask(ConnectorSettings settings, IdentityHandle identity, String user, String host) throws PeerException {
        String mask = settings.get("hostmask", DEFAULT_MASK).replace("{user}", user).replace("{host}", host).toLowerCase(Locale.ROOT);
        if (!MASK.matcher(mask).matches()) {
            throw new PeerException("the hostmask setting makes '" + mask + "' of irc:" + identity.value() + ", which is not a user@host mask", false);
        }
        if (mask.substring(mask.indexOf('@') + 1).replaceAll("[*?.]", "").isEmpty()) {
            throw new PeerException("the hostmask setting makes '" + mask + "' of irc:" + identity.value() + ", which bans every host", false);
        }
        return mask;
    }

    private static void requireIrc(IdentityHandle identity) throws PeerException {
        if (!identity.kind().equals("irc")) throw new PeerException("the IRC connector acts on irc handles, not " + identity.kind(), false);
    }

    /** The reason recorded with the K-line: one line, short, always naming the sanction (lift finds bare nicks' lines by it). */
    private static String reason(Target target) {
        String reason = target.reason() == null ? "Code of Conduct sanction" : target.reason().replaceAll("[\\r\\n\\x00]+", " ").strip();
        if (reason.length() > 200) reason = reason.substring(0, 200);
        return reason.contains(target.sanctionId()) ? reason : reason + " (" + target.sanctionId() + ")";
    }

    /** Whether a server notice in the answer speaks of the mask with one of the words ("added", "already exists"...). */
    private static boolean noticed(List<Line> answer, String mask, String... words) {
        for (Line line : answer) {
            String text = line.last().toLowerCase(Locale.ROOT);
            if (line.command().equals("NOTICE") && text.contains(mask)) {
                for (String word : words) {
                    if (text.contains(word)) return true;
                }
            }
        }
        return false;
    }

    /** The server's own notices to us (its refusals), without the snomask ones, which repeat the reason. */
    private static String serverNotices(List<Line> answer) {
        List<String> notices = new ArrayList<>();
        for (Line line : answer) {
            if (line.command().equals("NOTICE") && line.last().startsWith("*** ") && !line.last().matches("\\*\\*\\* [A-Z]+: .*")) {
                notices.add(line.last().substring(4));
            }
        }
        return notices.isEmpty() ? "" : ": " + String.join(" ", notices);
    }

    private static int port(ConnectorSettings settings) throws PeerException {
        try {
            int port = Integer.parseInt(settings.get("port", "6667"));
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return port;
        } catch (NumberFormatException e) {
            throw new PeerException("the port setting is not a port number", false);
        }
    }

    private static String word(ConnectorSettings settings, String name, String fallback) throws PeerException {
        String value = fallback == null ? settings.require(name) : settings.get(name, fallback);
        if (!WORD.matcher(value).matches()) throw new PeerException("the " + name + " setting must be one word", false);
        return value;
    }
}
