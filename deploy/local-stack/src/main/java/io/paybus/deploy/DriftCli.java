package io.paybus.deploy;

import static io.paybus.deploy.CliHttp.call;
import static io.paybus.deploy.CliHttp.encode;
import static io.paybus.deploy.CliHttp.get;
import static io.paybus.deploy.CliHttp.option;
import static io.paybus.deploy.CliHttp.post;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Drift between our state and the providers': the operators' command line for the order and
 * billing services' {@code /admin/drift}.
 *
 * <pre>
 * ./deploy/drift.sh check --order ID | --subscription ID | --sample N [--billing] [--reason R]
 * ./deploy/drift.sh findings [--order ID | --subscription ID] [--billing]     # newest first, both values
 * ./deploy/drift.sh repair --order ID | --subscription ID --reason R          # the provider's view as a snapshot fact
 * </pre>
 * Orders are the order service's ({@code --url}, default {@code http://127.0.0.1:18082}),
 * subscriptions the billing service's ({@code --billing-url}, default {@code http://127.0.0.1:18083});
 * a sample is of orders unless {@code --billing}. Credentials as for {@code dead-letters.sh}.
 */
public final class DriftCli {

    private DriftCli() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }

    public static int run(String[] args, PrintStream out) {
        List<String> rest = new ArrayList<>(List.of(args));
        String orderUrl = option(rest, "--url", "http://127.0.0.1:18082");
        String billingUrl = option(rest, "--billing-url", "http://127.0.0.1:18083");
        String key = DeadLetterCli.apiKey(option(rest, "--key-file", null));
        boolean billing = rest.remove("--billing");
        if (rest.isEmpty()) {
            return usage(out);
        }
        String verb = rest.remove(0);
        String order = option(rest, "--order", null);
        String subscription = option(rest, "--subscription", null);
        String sample = option(rest, "--sample", null);
        String reason = option(rest, "--reason", null);
        if (!rest.isEmpty() || order != null && subscription != null) {
            return usage(out);
        }
        billing = billing || subscription != null;
        String url = billing ? billingUrl : orderUrl;
        String field = billing ? "subscription" : "order";
        String id = billing ? subscription : order;
        try {
            return switch (verb) {
                case "check" -> {
                    ObjectNode body = CliHttp.JSON.createObjectNode();
                    if (id != null) {
                        body.put(field, id);
                    } else if (sample != null) {
                        body.put("sample", Integer.parseInt(sample));
                    }
                    body.put("reason", reason == null ? "drift check from the command line" : reason);
                    JsonNode view = call(out, post(url, key, "/admin/drift/checks", body.toString()));
                    if (view == null) {
                        yield 1;
                    }
                    JsonNode check = view.path("check");
                    out.printf(Locale.ROOT, "check %d (%s): %d compared, %d differ (%.1f%%), %d providers unreachable%n",
                            check.path("id").asLong(), check.path("kind").asText(), check.path("checked").asInt(),
                            check.path("drifted").asInt(), view.path("driftRate").asDouble() * 100,
                            check.path("unreachable").asInt());
                    view.path("findings").forEach(finding -> out.println("  " + finding(finding)));
                    yield 0;
                }
                case "findings" -> {
                    JsonNode page = call(out, get(url, key, "/admin/drift?limit=50"
                            + (id == null ? "" : "&" + field + "=" + encode(id))));
                    if (page == null) {
                        yield 1;
                    }
                    page.path("findings").forEach(finding -> out.println(finding(finding)));
                    yield 0;
                }
                case "repair" -> {
                    if (id == null || reason == null) {
                        yield usage(out);
                    }
                    ObjectNode body = CliHttp.JSON.createObjectNode();
                    body.put(field, id);
                    body.put("reason", reason);
                    JsonNode repair = call(out, post(url, key, "/admin/drift/repairs", body.toString()));
                    if (repair == null) {
                        yield 1;
                    }
                    if (repair.path("differences").isEmpty()) {
                        out.printf("%s %s agrees with its provider: nothing to repair%n", field, id);
                    } else {
                        out.printf("%s %s: %d differences, repaired through the provider's view as a snapshot fact"
                                + " (%s); %d findings closed%n", field, id, repair.path("differences").size(),
                                billing ? "applied: " + repair.path("applied").asBoolean()
                                        : repair.path("factsRecorded").asInt() + " facts recorded",
                                repair.path("findingsRepaired").asInt());
                    }
                    yield 0;
                }
                default -> usage(out);
            };
        } catch (IOException | NumberFormatException e) {
            out.println("failed: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** {@code finding 12 order-1 STRIPE refunded: ours 0, theirs 700 (found …; repaired …)}. */
    static String finding(JsonNode finding) {
        return String.format(Locale.ROOT, "finding %d %s %s %s: ours %s, theirs %s (found %s%s)",
                finding.path("id").asLong(), finding.path("subjectId").asText(), finding.path("provider").asText(),
                finding.path("field").asText(), finding.path("ours").asText("none"), finding.path("theirs").asText("none"),
                finding.path("foundAt").asText(), finding.path("repairedAt").isNull() ? ""
                        : "; repaired " + finding.path("repairedAt").asText() + " by " + finding.path("repairedBy").asText());
    }

    private static int usage(PrintStream out) {
        out.println("usage: drift [--url ORDER_URL] [--billing-url URL] [--key-file FILE] check --order ID"
                + " | --subscription ID | --sample N [--billing] [--reason R] | findings [--order ID | --subscription ID]"
                + " [--billing] | repair --order ID | --subscription ID --reason R");
        return 2;
    }
}
