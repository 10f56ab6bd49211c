package io.paybus.deploy;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Operators' command line for every service's dead letters (a thin client of the one
 * {@code /dead-letters} API the platform gives each of them; {@code --url} picks the service).
 *
 * <pre>
 * ./deploy/dead-letters.sh list [--key ORDER|SUBSCRIPTION] [--consumer SCOPE] [--error TYPE] [--status PARKED]
 *                               [--older-than 2026-11-23T10:00:00Z] [--after ID] [--limit N]
 * ./deploy/dead-letters.sh inspect ID
 * ./deploy/dead-letters.sh replay ID "REASON"            # the first parked record of its key
 * ./deploy/dead-letters.sh replay-key KEY "REASON"       # every parked record of an order/subscription, in order
 * ./deploy/dead-letters.sh replay-all [--error CLASS] [--consumer SCOPE] "REASON"  # every parked record (of one class)
 * ./deploy/dead-letters.sh discard ID "REASON"
 *
 * # (--order and --subscription are --key; replay-order is replay-key)
 * # the order service's read model's (projection's) dead letters, in Axon's sequenced dead-letter queue
 * ./deploy/dead-letters.sh projection list [--order ID] [--error TEXT] [--older-than INSTANT]
 * ./deploy/dead-letters.sh projection replay [--order ORDER] "REASON"   # one order's, or all, in order
 * ./deploy/dead-letters.sh projection discard ORDER "REASON"
 * ./deploy/dead-letters.sh rebuild ["REASON"]                          # rebuild the read model, showing progress
 *
 * # the audit log (every operator act and money-moving call: who, when, what, why)
 * ./deploy/dead-letters.sh audit [--actor key:ID] [--action ACTION] [--target T] [--since INSTANT] [--limit N] [--cursor C]
 * </pre>
 * {@code --url} points at another service (default {@code http://127.0.0.1:18082}). Replays and
 * discards need a reason: it is recorded in the audit log with who gave it.
 *
 * <p>Credentials (the {@code operator} scope): {@code PAYBUS_API_KEY}, else the file named by
 * {@code PAYBUS_API_KEY_FILE} or {@code --key-file}, else the local stack's
 * {@code .paybus-local/credentials/operator.key}. Never on the command line, where {@code ps}
 * would show it. Exit code 0 when the service agreed, 1 when it refused (its problem+json is
 * printed), 2 for usage.
 */
public final class DeadLetterCli {

    private DeadLetterCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    /** The API key the tools send, from where {@link DeadLetterCli} says; {@code null} when there is none. */
    static String apiKey(String keyFile) {
        String key = System.getenv("PAYBUS_API_KEY");
        if (key != null && !key.isBlank()) {
            return key.strip();
        }
        String file = keyFile != null ? keyFile : System.getenv("PAYBUS_API_KEY_FILE");
        Path path = file != null ? Path.of(file) : Path.of(System.getProperty("paybus.home", "."))
                .resolve(".paybus-local").resolve(LocalCredentials.DIRECTORY).resolve(LocalCredentials.OPERATOR_FILE);
        try {
            return Files.isReadable(path) ? Files.readString(path, StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String key;

    public static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(List.of(args));
        String url = "http://127.0.0.1:18082";
        int at = rest.indexOf("--url");
        if (at >= 0 && at + 1 < rest.size()) {
            url = rest.get(at + 1);
            rest.subList(at, at + 2).clear();
        }
        String keyFile = null;
        at = rest.indexOf("--key-file");
        if (at >= 0 && at + 1 < rest.size()) {
            keyFile = rest.get(at + 1);
            rest.subList(at, at + 2).clear();
        }
        key = apiKey(keyFile);
        if (rest.isEmpty()) {
            return usage(out);
        }
        if (rest.get(0).equals("projection")) {
            return projection(url, rest.subList(1, rest.size()), out);
        }
        if (rest.get(0).equals("rebuild")) {
            if (rest.size() > 2) {
                return usage(out);
            }
            return rebuild(url, rest.size() == 2 ? rest.get(1) : null, out);
        }
        if (rest.get(0).equals("audit")) {
            String query = filters(rest.subList(1, rest.size()), List.of("--actor", "--action", "--target", "--since",
                    "--until", "--limit", "--cursor"));
            return query == null ? usage(out) : print(url, get(url + "/admin/audit" + query), out);
        }
        HttpRequest request;
        switch (rest.get(0)) {
            case "list" -> {
                StringBuilder query = new StringBuilder();
                for (int i = 1; i + 1 < rest.size(); i += 2) {
                    String name = switch (rest.get(i)) {
                        case "--key", "--order", "--subscription" -> "key";
                        case "--consumer" -> "consumer";
                        case "--after" -> "after";
                        case "--limit" -> "limit";
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
                if (rest.size() != 3) {
                    return usage(out);
                }
                request = post(url + "/dead-letters/" + rest.get(1) + "/replay", reason(rest.get(2)));
            }
            case "replay-key", "replay-order" -> {
                if (rest.size() != 3) {
                    return usage(out);
                }
                request = post(url + "/dead-letters/replay?key="
                        + URLEncoder.encode(rest.get(1), StandardCharsets.UTF_8), reason(rest.get(2)));
            }
            case "replay-all" -> {
                if (rest.size() < 2) {
                    return usage(out);
                }
                String query = filters(rest.subList(1, rest.size() - 1), List.of("--error", "--consumer"));
                if (query == null) {
                    return usage(out);
                }
                request = post(url + "/dead-letters/replay-all" + query, reason(rest.get(rest.size() - 1)));
            }
            case "discard" -> {
                if (rest.size() != 3) {
                    return usage(out);
                }
                request = post(url + "/dead-letters/" + rest.get(1) + "/discard", reason(rest.get(2)));
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
                String order;
                if (rest.size() == 2) {
                    order = "";
                } else if (rest.size() == 4 && rest.get(1).equals("--order")) {
                    order = "order=" + encode(rest.get(2)) + "&";
                } else {
                    return usage(out);
                }
                return print(url, post(url + "/projection-dead-letters/replay?" + order + "reason="
                        + encode(rest.get(rest.size() - 1)), ""), out);
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
    private static int rebuild(String url, String reason, PrintStream out) {
        int started = print(url, post(url + "/admin/projections/order-summary/rebuild"
                + (reason == null ? "" : "?reason=" + encode(reason)), ""), out);
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
            if (name.equals("limit") && !args.get(i + 1).matches("\\d{1,4}")) {
                return null;
            }
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
        return authorized(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET());
    }

    private static HttpRequest post(String url, String json) {
        return authorized(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static HttpRequest authorized(HttpRequest.Builder request) {
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return request.build();
    }

    /** {@code {"reason": …}}, escaped as JSON. */
    private static String reason(String reason) {
        StringBuilder json = new StringBuilder("{\"reason\":\"");
        for (char c : reason.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append("\"}").toString();
    }

    private static int usage(PrintStream out) {
        out.println("usage: dead-letters [--url URL] [--key-file FILE] list [--key K] [--consumer SCOPE] [--error TYPE]"
                + " [--status S] [--older-than INSTANT] [--after ID] [--limit N] | inspect ID | replay ID REASON"
                + " | replay-key KEY REASON | replay-all [--error CLASS] [--consumer SCOPE] REASON | discard ID REASON"
                + " | projection list [--order ID] [--error TEXT] [--older-than INSTANT]"
                + " | projection replay [--order ORDER] REASON | projection discard ORDER REASON | rebuild [REASON]"
                + " | audit [--actor A] [--action X] [--target T] [--since INSTANT] [--until INSTANT] [--limit N]"
                + " [--cursor C]");
        out.println("credentials: PAYBUS_API_KEY, PAYBUS_API_KEY_FILE or --key-file (default: the local stack's"
                + " .paybus-local/credentials/operator.key)");
        return 2;
    }
}
