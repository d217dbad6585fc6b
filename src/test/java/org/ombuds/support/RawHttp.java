package org.ombuds.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte by byte over a socket, for what {@link Http}'s client refuses to send: an address with a broken
 * escape ("%zz"), header values with control characters, a body whose length is a lie. Each request has a connection of
 * its own, closed after the answer.
 */
public final class RawHttp {
    private RawHttp() {
    }

    /** A request line and headers as given (the body's length is added when there is a body), then the body. */
    public static Http.Response send(int port, String method, String target, List<String> headers, byte[] body) {
        StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nConnection: close\r\n");
        for (String header : headers) head.append(header).append("\r\n");
        if (body != null) head.append("Content-Length: ").append(body.length).append("\r\n");
        head.append("\r\n");
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (body != null) request.writeBytes(body);
        return exchange(port, request.toByteArray());
    }

    public static Http.Response get(int port, String target, String... headers) {
        return send(port, "GET", target, List.of(headers), null);
    }

    /** Sends the bytes as they are and reads the answer until the server closes the connection. */
    public static Http.Response exchange(int port, byte[] request) {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            return parse(socket.getInputStream().readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Http.Response parse(byte[] answer) throws IOException {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) throw new IOException("no complete answer: " + text);
        String[] lines = text.substring(0, end).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip(), name -> new ArrayList<>()).add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(answer, end + 4, answer.length);
        boolean chunked = headers.entrySet().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding")
                && h.getValue().stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked")));
        if (chunked) body = unchunk(new java.io.ByteArrayInputStream(body));
        return new Http.Response(status, new String(body, StandardCharsets.UTF_8), HttpHeaders.of(headers, (name, value) -> true));
    }

    private static byte[] unchunk(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            StringBuilder size = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) return out.toByteArray();
                if (c != '\r') size.append((char) c);
            }
            int length = Integer.parseInt(size.toString().split(";")[0].strip(), 16);
            if (length == 0) return out.toByteArray();
            out.writeBytes(in.readNBytes(length));
            in.readNBytes(2);
        }
    }
}
