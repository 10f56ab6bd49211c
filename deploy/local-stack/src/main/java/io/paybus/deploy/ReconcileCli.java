package io.paybus.deploy;

import static io.paybus.deploy.CliHttp.call;
import static io.paybus.deploy.CliHttp.encode;
import static io.paybus.deploy.CliHttp.get;
import static io.paybus.deploy.CliHttp.option;
import static io.paybus.deploy.CliHttp.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * What did we miss? The operators' command line for reconciliation (a client of the ingest
 * service's {@code /admin/reconcile}).
 *
 * <pre>
 * ./deploy/reconcile.sh backfill --since 2026-11-01 [--until 2026-11-15] [--account stripe:default] [--reason R]
 *                                                   # every account unless one is named
 * ./deploy/reconcile.sh backfill --objects --since 2026-01-01 …   # the provider's objects created then, as
 *                                                   # snapshots of their state (first install, beyond 30 days)
 * ./deploy/reconcile.sh sweep [--account stripe:default] [--reason R]     # the last sweep-window, now
 * ./deploy/reconcile.sh runs [--account A] [--kind sweep|backfill|objects] # newest first
 * ./deploy/reconcile.sh follow ID                                          # a run's progress until it ends
 * ./deploy/reconcile.sh cancel ID "REASON"
 * </pre>
 * A backfill or a sweep is followed with a progress line (share of the window, events scanned,
 * missing ones published, rate, time left) until it ends. The run is the service's: Ctrl-C stops
 * following, not the run, and {@code follow ID} picks it up again; a run a crash interrupted is
 * resumed by the service from its last page. {@code --url} points at another ingest service
 * (default {@code http://127.0.0.1:18081}); credentials as for {@code dead-letters.sh}.
 */
public final class ReconcileCli {

    private static final ObjectMapper JSON = CliHttp.JSON;


    private ReconcileCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(List.of(args));
        String url = option(rest, "--url", "http://127.0.0.1:18081");
        String key = DeadLetterCli.apiKey(option(rest, "--key-file", null));
        if (rest.isEmpty()) {
            return usage(out);
        }
        String verb = rest.remove(0);
        try {
            return switch (verb) {
                case "backfill" -> {
                    boolean objects = rest.remove("--objects");
                    String since = option(rest, "--since", null);
                    ObjectNode body = JSON.createObjectNode();
                    body.put("objects", objects);
                    body.put("since", since);
                    body.put("until", option(rest, "--until", null));
                    body.put("account", option(rest, "--account", null));
                    body.put("reason", option(rest, "--reason", "backfill from the command line"));
                    if (since == null || !rest.isEmpty()) {
                        yield usage(out);
                    }
                    JsonNode started = call(out, post(url, key, "/admin/reconcile/backfill", body.toString()));
                    if (started == null) {
                        yield 1;
                    }
                    int result = 0;
                    for (JsonNode run : started.path("runs")) {
                        result = Math.max(result, follow(url, key, run.path("run").path("id").asLong(), out));
                    }
                    yield result;
                }
                case "sweep" -> {
                    String account = option(rest, "--account", null);
                    ObjectNode body = JSON.createObjectNode();
                    body.put("reason", option(rest, "--reason", "sweep from the command line"));
                    if (!rest.isEmpty()) {
                        yield usage(out);
                    }
                    JsonNode started = call(out, post(url, key, "/admin/reconcile/sweep"
                            + (account == null ? "" : "?account=" + encode(account)), body.toString()));
                    if (started == null) {
                        yield 1;
                    }
                    if (started.path("runs").isEmpty()) {
                        out.println("a sweep of every account is already running: ./deploy/reconcile.sh runs");
                        yield 0;
                    }
                    int result = 0;
                    for (JsonNode run : started.path("runs")) {
                        result = Math.max(result, follow(url, key, run.path("run").path("id").asLong(), out));
                    }
                    yield result;
                }
                case "runs" -> {
                    StringBuilder query = new StringBuilder("?limit=20");
                    String account = option(rest, "--account", null);
                    String kind = option(rest, "--kind", null);
                    if (account != null) {
                        query.append("&account=").append(encode(account));
                    }
                    if (kind != null) {
                        query.append("&kind=").append(encode(kind));
                    }
                    JsonNode runs = call(out, get(url, key, "/admin/reconcile/runs" + query));
                    if (runs == null) {
                        yield 1;
                    }
                    for (JsonNode view : runs.path("runs")) {
                        out.println(summary(view));
                    }
                    yield 0;
                }
                case "follow" -> rest.size() == 1 ? follow(url, key, Long.parseLong(rest.get(0)), out) : usage(out);
                case "cancel" -> {
                    if (rest.size() != 2) {
                        yield usage(out);
                    }
                    ObjectNode body = JSON.createObjectNode().put("reason", rest.get(1));
                    JsonNode run = call(out, post(url, key, "/admin/reconcile/runs/" + Long.parseLong(rest.get(0))
                            + "/cancel", body.toString()));
                    if (run == null) {
                        yield 1;
                    }
                    out.println(summary(run));
                    yield 0;
                }
                default -> usage(out);
            };
        } catch (NumberFormatException notAnId) {
            return usage(out);
        } catch (IOException e) {
            out.println("ingest service not reachable at " + url + ": " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Prints the run's progress line until it ends; 0 when it is done, 1 otherwise. */
    static int follow(String url, String key, long id, PrintStream out) throws IOException, InterruptedException {
        String lastError = null;
        while (true) {
            JsonNode view = call(out, get(url, key, "/admin/reconcile/runs/" + id));
            if (view == null) {
                return 1;
            }
            JsonNode run = view.path("run");
            out.print("\r" + progressLine(view));
            String error = run.path("lastError").isNull() ? null : run.path("lastError").asText(null);
            if (error != null && !error.equals(lastError)) {
                out.println();
                out.println("  waiting to try again: " + error);
            }
            lastError = error;
            String status = run.path("status").asText();
            if (!status.equals("RUNNING")) {
                out.println();
                out.println(summary(view));
                return status.equals("DONE") ? 0 : 1;
            }
            Thread.sleep(1000);
        }
    }

    /** {@code [##########..........]  50%  scanned 1,200  missing 30  published 30  400/s  ETA 0:03}. */
    static String progressLine(JsonNode view) {
        JsonNode run = view.path("run");
        double progress = view.path("progress").asDouble();
        int filled = (int) Math.round(progress * 20);
        JsonNode eta = view.path("etaSeconds");
        String counts = "objects".equals(run.path("kind").asText())
                ? String.format(Locale.ROOT, "snapshots %,d  new %,d", run.path("scanned").asLong(),
                        run.path("recovered").asLong())
                : String.format(Locale.ROOT, "scanned %,d  missing %,d  published %,d", run.path("scanned").asLong(),
                        run.path("recovered").asLong(), run.path("recovered").asLong());
        return String.format(Locale.ROOT, "[%s%s] %3.0f%%  %s  %,.0f/s  ETA %s ", "#".repeat(filled),
                ".".repeat(20 - filled), progress * 100, counts, view.path("rate").asDouble(),
                eta.isNull() || eta.isMissingNode() ? "?" : clock(eta.asLong()));
    }

    static String summary(JsonNode view) {
        JsonNode run = view.path("run");
        if ("objects".equals(run.path("kind").asText())) {
            return String.format(Locale.ROOT, "run %d objects %s %s..%s %s: %,d snapshots of objects, %,d states"
                            + " known before, %,d new and published now%s", run.path("id").asLong(),
                    run.path("account").asText(), run.path("windowStart").asText(), run.path("windowEnd").asText(),
                    run.path("status").asText(), run.path("relevant").asLong(), run.path("delivered").asLong(),
                    run.path("recovered").asLong(), run.path("unreadable").asLong() > 0
                            ? ", " + run.path("unreadable").asLong() + " unreadable" : "");
        }
        return String.format(Locale.ROOT, "run %d %s %s %s..%s %s: %,d events, %,d ours, %,d published before,"
                        + " %,d missing and published now (loss %.2f%%)%s", run.path("id").asLong(),
                run.path("kind").asText(), run.path("account").asText(), run.path("windowStart").asText(),
                run.path("windowEnd").asText(), run.path("status").asText(), run.path("scanned").asLong(),
                run.path("relevant").asLong(), run.path("delivered").asLong(), run.path("recovered").asLong(),
                view.path("lossRate").asDouble() * 100,
                run.path("unreadable").asLong() > 0 ? ", " + run.path("unreadable").asLong() + " unreadable" : "");
    }

    private static String clock(long seconds) {
        return seconds >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60) : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static int usage(PrintStream out) {
        out.println("usage: reconcile [--url URL] [--key-file FILE] backfill [--objects] --since DATE [--until DATE]"
                + " [--account NAME] [--reason R] | sweep [--account NAME] [--reason R] | runs [--account A]"
                + " [--kind sweep|backfill|objects] | follow ID | cancel ID REASON");
        out.println("credentials: PAYBUS_API_KEY, PAYBUS_API_KEY_FILE or --key-file (default: the local stack's"
                + " .paybus-local/credentials/operator.key)");
        return 2;
    }
}
