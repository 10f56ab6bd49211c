package io.paybus.ingest.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.EOFException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The warm-up's own HTTP/1.1 client against a server that answers as scripted. */
class LoopbackConnectionTest {

    @Test
    void answersByLengthAndByChunksAreReadToTheirEndOnOneKeptConnection() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            CompletableFuture<List<String>> seen = serve(server, List.of(
                    "HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n{\"a\":\"yes\"}",
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;x=1\r\n{\"a\"\r\n5\r\n:\"b\"}\r\n0\r\nT: v\r\n\r\n",
                    "HTTP/1.1 503 Service Unavailable\r\ncontent-length: 2\r\n\r\n{}"));
            try (LoopbackConnection connection = new LoopbackConnection("127.0.0.1", server.getLocalPort(), 5000)) {
                byte[] body = "{\"id\":1}".getBytes(StandardCharsets.UTF_8);
                assertThat(connection.post("/webhooks/stripe", Map.of("X-One", "1"), body)).isEqualTo(200);
                assertThat(connection.post("/webhooks/stripe", Map.of("X-One", "2"), body)).isEqualTo(200);
                assertThat(connection.post("/webhooks/stripe", Map.of("X-One", "3"), body)).isEqualTo(503);
            }
            List<String> requests = seen.get(5, TimeUnit.SECONDS);
            assertThat(requests).hasSize(3).allSatisfy(head -> assertThat(head)
                    .startsWith("POST /webhooks/stripe HTTP/1.1").contains("Content-Length: 8"));
            assertThat(requests.get(2)).contains("X-One: 3");
        }
    }

    @Test
    void anAnswerCutShortIsAnErrorNotAHang() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            serve(server, List.of("HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{\"short\"")).thenAccept(x -> { });
            try (LoopbackConnection connection = new LoopbackConnection("127.0.0.1", server.getLocalPort(), 5000)) {
                assertThatThrownBy(() -> connection.post("/x", Map.of(), new byte[0])).isInstanceOf(EOFException.class);
            }
        }
    }

    /** Accepts one connection, reads a request (head and Content-Length body) per scripted answer, then closes. */
    private static CompletableFuture<List<String>> serve(ServerSocket server, List<String> answers) {
        return CompletableFuture.supplyAsync(() -> {
            List<String> heads = new ArrayList<>();
            try (Socket socket = server.accept()) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream();
                for (String answer : answers) {
                    StringBuilder head = new StringBuilder();
                    int length = 0;
                    for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                        head.append(line).append('\n');
                        if (line.startsWith("Content-Length: ")) {
                            length = Integer.parseInt(line.substring(16));
                        }
                    }
                    in.skip(length);
                    heads.add(head.toString());
                    out.write(answer.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return heads;
        });
    }
}
