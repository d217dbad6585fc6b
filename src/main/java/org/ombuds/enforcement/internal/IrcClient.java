package org.ombuds.enforcement.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal line-oriented IRC client (RFC 1459 framing): CRLF lines, server PINGs answered as they arrive, and
 * {@link #sync()} to collect everything the server says in answer to the commands sent so far. Connecting takes at most
 * 5 s, each read at most 10 s, and no wait for an answer lasts longer than 30 s.
 */
final class IrcClient implements Closeable {
    static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    static final int READ_TIMEOUT_MILLIS = 10_000;
    private static final long ANSWER_WITHIN_MILLIS = 30_000;
    private static final int MAX_LINE = 8_192;

    /** One line from the server: its prefix (null when absent), command (upper-case) and parameters. */
    record Line(String prefix, String command, List<String> params) {
        String param(int index) {
            return index < params.size() ? params.get(index) : "";
        }

        String last() {
            return params.isEmpty() ? "" : params.get(params.size() - 1);
        }

        boolean numeric() {
            return command.length() == 3 && Character.isDigit(command.charAt(0));
        }

        /** A numeric in the 400 and 500 ranges: a refusal. */
        boolean error() {
            return numeric() && (command.charAt(0) == '4' || command.charAt(0) == '5');
        }

        /** The numeric and its text, without our own nick: "491 Invalid oper credentials". */
        String describe() {
            return command + " " + String.join(" ", params.subList(Math.min(1, params.size()), params.size()));
        }

        static Line parse(String text) {
            String rest = text;
            if (rest.startsWith("@")) rest = after(rest);
            String prefix = null;
            if (rest.startsWith(":")) {
                int space = rest.indexOf(' ');
                prefix = space < 0 ? rest.substring(1) : rest.substring(1, space);
                rest = space < 0 ? "" : rest.substring(space + 1);
            }
            List<String> words = new ArrayList<>();
            while (!rest.isEmpty()) {
                if (rest.startsWith(":")) {
                    words.add(rest.substring(1));
                    break;
                }
                int space = rest.indexOf(' ');
                if (space != 0) words.add(space < 0 ? rest : rest.substring(0, space));
                rest = space < 0 ? "" : rest.substring(space + 1);
            }
            String command = words.isEmpty() ? "" : words.remove(0).toUpperCase(Locale.ROOT);
            return new Line(prefix, command, List.copyOf(words));
        }

        private static String after(String text) {
            int space = text.indexOf(' ');
            return space < 0 ? "" : text.substring(space + 1).stripLeading();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int syncs;
    private String closingWords;

    private IrcClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static IrcClient connect(String host, int port, boolean tls) throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            if (tls) {
                SSLSocket secured = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault()).createSocket(socket, host, port, true);
                SSLParameters parameters = secured.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                secured.setSSLParameters(parameters);
                secured.startHandshake();
                return new IrcClient(secured);
            }
            return new IrcClient(socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** Sends one line; a value carrying a line break could smuggle in a second command, so it is refused. */
    void send(String line) throws IOException {
        if (line.indexOf('\r') >= 0 || line.indexOf('\n') >= 0 || line.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an IRC line cannot contain CR, LF or NUL");
        }
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** The next line from the server; PINGs are answered on the way. */
    Line read() throws IOException {
        while (true) {
            Line line = Line.parse(readLine());
            if (line.command().equals("ERROR")) closingWords = line.last();
            if (line.command().equals("PING")) {
                send("PONG :" + line.last());
            } else if (!line.command().isEmpty()) {
                return line;
            }
        }
    }

    /** Reads until {@code done} accepts a line (returned too) or the server has taken 30 s. */
    List<Line> readUntil(Predicate<Line> done) throws IOException {
        long deadline = System.currentTimeMillis() + ANSWER_WITHIN_MILLIS;
        List<Line> lines = new ArrayList<>();
        while (true) {
            if (System.currentTimeMillis() > deadline) throw new SocketTimeoutException("the IRC server did not answer within 30 s");
            Line line = read();
            lines.add(line);
            if (done.test(line)) return lines;
        }
    }

    /**
     * Sends a PING of our own and returns what the server said until its PONG: since a server answers a client's
     * commands in order, that is everything it answered to the commands sent before.
     */
    List<Line> sync() throws IOException {
        String token = "ombuds-" + (++syncs);
        send("PING :" + token);
        List<Line> lines = readUntil(line -> line.command().equals("PONG") && line.last().equals(token));
        return lines.subList(0, lines.size() - 1);
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) throw new EOFException("the IRC server closed the connection" + (closingWords == null ? "" : " (" + closingWords + ")"));
            if (b == '\n') break;
            if (line.size() < MAX_LINE) line.write(b);
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    /** Says QUIT (best effort) and closes the connection. */
    @Override
    public void close() {
        try {
            send("QUIT :done");
        } catch (IOException | RuntimeException e) {
            // closing anyway
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to do
        }
    }
}
