package io.paybus.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Operators' command line for the order service's dead letters (a thin client of its REST API).
 *
 * <pre>
 * ./deploy/dead-letters.sh list [--order ID] [--error TYPE] [--status PARKED] [--older-than 2026-11-23T10:00:00Z]
 * ./deploy/dead-letters.sh inspect ID
 * ./deploy/dead-letters.sh replay ID            # the first parked record of its order
 * ./deploy/dead-letters.sh replay-order ORDER   # every parked record of the order, in order
 * ./deploy/dead-letters.sh discard ID "REASON"
 * </pre>
 * {@code --url} points at another order service (default {@code http://127.0.0.1:18082}). Exit
 * code 0 when the service agreed, 1 when it refused (its problem+json is printed), 2 for usage.
 */
public final class DeadLetterCli {

    private DeadLetterCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(List.of(args));
        String url = "http://127.0.0.1:18082";
        int at = rest.indexOf("--url");
        if (at >= 0 && at + 1 < rest.size()) {
            url = rest.get(at + 1);
            rest.subList(at, at + 2).clear();
        }
        if (rest.isEmpty()) {
            return usage(out);
        }
        HttpRequest request;
        switch (rest.get(0)) {
            case "list" -> {
                StringBuilder query = new StringBuilder();
                for (int i = 1; i + 1 < rest.size(); i += 2) {
                    String name = switch (rest.get(i)) {
                        case "--order" -> "order";
                        case "--error" -> "error";
                        case "--status" -> "status";
                        case "--older-than" -> "olderThan";
                        default -> null;
                    };
                    if (name == null) {
                        return usage(out);
                    }
                    query.append(query.length() == 0 ? "?" : "&").append(name).append('=')
                            .append(URLEncoder.encode(rest.get(i + 1), StandardCharsets.UTF_8));
                }
                request = get(url + "/dead-letters" + query);
            }
            case "inspect" -> {
                if (rest.size() != 2) {
                    return usage(out);
                }
                request = get(url + "/dead-letters/" + rest.get(1));
            }
            case "replay" -> {
                if (rest.size() != 2) {
                    return usage(out);
                }
                request = post(url + "/dead-letters/" + rest.get(1) + "/replay", "");
            }
            case "replay-order" -> {
                if (rest.size() != 2) {
                    return usage(out);
                }
                request = post(url + "/dead-letters/replay?order="
                        + URLEncoder.encode(rest.get(1), StandardCharsets.UTF_8), "");
            }
            case "discard" -> {
                if (rest.size() != 3) {
                    return usage(out);
                }
                request = post(url + "/dead-letters/" + rest.get(1) + "/discard",
                        "{\"reason\":\"" + rest.get(2).replace("\\", "\\\\").replace("\"", "\\\"") + "\"}");
            }
            default -> {
                return usage(out);
            }
        }
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                    HttpResponse.BodyHandlers.ofString());
            out.println(response.body().replace("},{", "},\n{"));
            return response.statusCode() / 100 == 2 ? 0 : 1;
        } catch (IOException e) {
            out.println("order service not reachable at " + url + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build();
    }

    private static HttpRequest post(String url, String json) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static int usage(PrintStream out) {
        out.println("usage: dead-letters [--url URL] list [--order ID] [--error TYPE] [--status S] [--older-than INSTANT]"
                + " | inspect ID | replay ID | replay-order ORDER | discard ID REASON");
        return 2;
    }
}
