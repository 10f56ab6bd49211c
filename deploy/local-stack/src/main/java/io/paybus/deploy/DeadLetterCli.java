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
 * ./deploy/dead-letters.sh replay-all [--error CLASS]  # every parked record (of one error class)
 * ./deploy/dead-letters.sh discard ID "REASON"
 *
 * # the read model's (projection's) dead letters, in Axon's sequenced dead-letter queue
 * ./deploy/dead-letters.sh projection list [--order ID] [--error TEXT] [--older-than INSTANT]
 * ./deploy/dead-letters.sh projection replay [ORDER]          # one order's, or all, in order
 * ./deploy/dead-letters.sh projection discard ORDER "REASON"
 * ./deploy/dead-letters.sh rebuild                            # rebuild the read model, showing progress
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
        if (rest.get(0).equals("projection")) {
            return projection(url, rest.subList(1, rest.size()), out);
        }
        if (rest.get(0).equals("rebuild")) {
            return rebuild(url, out);
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
            case "replay-all" -> {
                String query = filters(rest.subList(1, rest.size()), List.of("--error"));
                if (query == null) {
                    return usage(out);
                }
                request = post(url + "/dead-letters/replay-all" + query, "");
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
        return print(url, request, out);
    }

    private static int projection(String url, List<String> rest, PrintStream out) {
        if (rest.isEmpty()) {
            return usage(out);
        }
        switch (rest.get(0)) {
            case "list" -> {
                String query = filters(rest.subList(1, rest.size()), List.of("--order", "--error", "--older-than"));
                return query == null ? usage(out) : print(url, get(url + "/projection-dead-letters" + query), out);
            }
            case "replay" -> {
                if (rest.size() > 2) {
                    return usage(out);
                }
                String order = rest.size() == 2 ? "?order=" + encode(rest.get(1)) : "";
                return print(url, post(url + "/projection-dead-letters/replay" + order, ""), out);
            }
            case "discard" -> {
                if (rest.size() != 3) {
                    return usage(out);
                }
                return print(url, post(url + "/projection-dead-letters/discard?order=" + encode(rest.get(1))
                        + "&reason=" + encode(rest.get(2)), ""), out);
            }
            default -> {
                return usage(out);
            }
        }
    }

    /** Starts a rebuild of the read model and prints its progress until it caught up. */
    private static int rebuild(String url, PrintStream out) {
        int started = print(url, post(url + "/admin/projections/order-summary/rebuild", ""), out);
        if (started != 0) {
            return started;
        }
        // Gives up when the position stands still for five minutes.
        long stalledSince = System.nanoTime();
        String lastProgress = "";
        while (System.nanoTime() - stalledSince < Duration.ofMinutes(5).toNanos()) {
            try {
                Thread.sleep(1000);
                HttpResponse<String> progress = HttpClient.newHttpClient().send(
                        get(url + "/admin/projections/order-summary"), HttpResponse.BodyHandlers.ofString());
                out.println(progress.body());
                if (progress.statusCode() != 200) {
                    return 1;
                }
                String position = progress.body().replaceAll(".*\"position\":(\\d+).*", "$1");
                if (!position.equals(lastProgress)) {
                    lastProgress = position;
                    stalledSince = System.nanoTime();
                }
                if (progress.body().contains("\"replaying\":false") && progress.body().contains("\"percent\":100.0")) {
                    out.println("read model rebuilt");
                    return 0;
                }
            } catch (IOException e) {
                out.println("order service not reachable at " + url + ": " + e.getMessage());
                return 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        out.println("the rebuild made no progress for five minutes");
        return 1;
    }

    /** {@code --name value} pairs as a query string, or {@code null} when one is not allowed. */
    private static String filters(List<String> args, List<String> allowed) {
        StringBuilder query = new StringBuilder();
        if (args.size() % 2 != 0) {
            return null;
        }
        for (int i = 0; i + 1 < args.size(); i += 2) {
            if (!allowed.contains(args.get(i))) {
                return null;
            }
            String name = args.get(i).equals("--older-than") ? "olderThan" : args.get(i).substring(2);
            query.append(query.length() == 0 ? "?" : "&").append(name).append('=').append(encode(args.get(i + 1)));
        }
        return query.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static int print(String url, HttpRequest request, PrintStream out) {
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
                + " | inspect ID | replay ID | replay-order ORDER | replay-all [--error CLASS] | discard ID REASON"
                + " | projection list [--order ID] [--error TEXT] [--older-than INSTANT]"
                + " | projection replay [ORDER] | projection discard ORDER REASON | rebuild");
        return 2;
    }
}
