package io.paybus.deploy;

import io.paybus.infra.samples.StripeSamples;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends a correctly signed Stripe {@code payment_intent.succeeded} (built from Stripe's fixture
 * objects) to the ingest service, then follows the order in the order service until it is PAID.
 *
 * <pre>
 * java -cp deploy/local-stack/target/paybus-local-stack.jar io.paybus.deploy.DemoSender \
 *      [--ingest http://127.0.0.1:18081] [--order http://127.0.0.1:18082] [--order-id ID] [--amount 1099] [--currency eur]
 *      [--data .paybus-local]
 * </pre>
 * It signs with the local stack's webhook secret and reads with its merchant key, both from
 * {@code <data>/credentials/} (see {@link LocalCredentials}).
 */
public final class DemoSender {

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Za-z_]+)\"");
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String ingestUrl;
    private final String orderUrl;
    private final String secret;
    private final String apiKey;
    private final PrintStream out;
    /** The local mail server's IMAP port, to show the receipt mail; 0: not shown. */
    private int imapPort;

    /**
     * @param secret the webhook signing secret the ingest service trusts
     * @param apiKey a key with {@code orders:read} and {@code billing:read}, to follow what happens
     */
    public DemoSender(String ingestUrl, String orderUrl, String secret, String apiKey, PrintStream out) {
        this.ingestUrl = ingestUrl;
        this.orderUrl = orderUrl;
        this.secret = secret;
        this.apiKey = apiKey;
        this.out = out;
    }

    /** A sender with the local stack's credentials. */
    public DemoSender(String ingestUrl, String orderUrl, LocalCredentials credentials, PrintStream out) {
        this(ingestUrl, orderUrl, credentials.stripeWebhookSecret(), credentials.merchantKey(), out);
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(System.getProperty("paybus.home", ".")).resolve(".paybus-local");
        List<String> rest = new java.util.ArrayList<>(List.of(args));
        int at = rest.indexOf("--data");
        if (at >= 0 && at + 1 < rest.size()) {
            data = Path.of(rest.get(at + 1));
            rest.subList(at, at + 2).clear();
        }
        LocalCredentials credentials;
        try {
            credentials = LocalCredentials.existing(data);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        args = rest.toArray(String[]::new);
        if (args.length > 0 && args[0].equals("subscription")) {
            String ingest = "http://127.0.0.1:18081";
            String billing = "http://127.0.0.1:18083";
            long seconds = 15;
            for (int i = 1; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--ingest" -> ingest = args[i + 1];
                    case "--billing" -> billing = args[i + 1];
                    case "--renew-in" -> seconds = Long.parseLong(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            String id = "sub_demo_" + UUID.randomUUID().toString().substring(0, 8);
            boolean renewed = new DemoSender(ingest, null, credentials, System.out)
                    .renewSubscription(billing, id, "cus_" + id, Duration.ofSeconds(seconds), Duration.ofSeconds(90));
            System.exit(renewed ? 0 : 1);
        }
        if (args.length > 0 && args[0].equals("drift")) {
            boolean repaired = new DemoSender("http://127.0.0.1:18081", "http://127.0.0.1:18082", credentials,
                    System.out).driftRepaired("http://127.0.0.1:18090", null, Duration.ofSeconds(60));
            System.exit(repaired ? 0 : 1);
        }
        if (args.length > 0 && args[0].equals("objects")) {
            boolean matched = new DemoSender("http://127.0.0.1:18081", "http://127.0.0.1:18082", credentials,
                    System.out).firstInstall("http://127.0.0.1:18090", "http://127.0.0.1:18083", null,
                    Duration.ofSeconds(60));
            System.exit(matched ? 0 : 1);
        }
        if (args.length > 0 && args[0].equals("paypal")) {
            String locale = "zh-CN";
            int approvals = 3;
            for (int i = 1; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--locale" -> locale = args[i + 1];
                    case "--approvals" -> approvals = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            boolean paid = new DemoSender("http://127.0.0.1:18081", "http://127.0.0.1:18082", credentials, System.out)
                    .showingMail(3143).paypalCheckout("http://127.0.0.1:18090", "http://127.0.0.1:18083",
                            "paypal-" + UUID.randomUUID().toString().substring(0, 8), 4200, "EUR", locale, approvals,
                            Duration.ofSeconds(60));
            System.exit(paid ? 0 : 1);
        }
        if (args.length > 0 && args[0].equals("missed")) {
            int count = 12;
            int drop = 4;
            for (int i = 1; i + 1 < args.length; i += 2) {
                switch (args[i]) {
                    case "--count" -> count = Integer.parseInt(args[i + 1]);
                    case "--drop" -> drop = Integer.parseInt(args[i + 1]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            boolean recovered = new DemoSender("http://127.0.0.1:18081", "http://127.0.0.1:18082", credentials,
                    System.out).missedWebhooks("http://127.0.0.1:18090", "http://127.0.0.1:18181", null, count,
                    Math.min(drop, count), Duration.ofSeconds(60));
            System.exit(recovered ? 0 : 1);
        }
        String ingest = "http://127.0.0.1:18081";
        String order = "http://127.0.0.1:18082";
        String orderId = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        long amount = 1099;
        String currency = "eur";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--ingest" -> ingest = args[i + 1];
                case "--order" -> order = args[i + 1];
                case "--order-id" -> orderId = args[i + 1];
                case "--amount" -> amount = Long.parseLong(args[i + 1]);
                case "--currency" -> currency = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean paid = new DemoSender(ingest, order, credentials, System.out).showingMail(3143)
                .payOrder(orderId, amount, currency, Duration.ofSeconds(30));
        System.exit(paid ? 0 : 1);
    }

    /**
     * What did we miss? {@code count} payments, all kept by the provider stub as Stripe keeps its
     * events (created ten minutes ago, as a webhook retried that long would be), of which the first
     * {@code drop} webhooks never arrive. The delivered orders become PAID, the others are unknown;
     * then a reconciliation sweep finds the dropped ones in the stub's events API and publishes them,
     * the orders become PAID, and the loss-rate metric says how many were lost.
     */
    public boolean missedWebhooks(String stubUrl, String ingestManagementUrl, String operatorKeyFile, int count,
            int drop, Duration timeout) throws IOException, InterruptedException {
        out.println();
        out.printf("Demo: %d Stripe payments; the webhooks of %d of them never arrive%n", count, drop);
        StripeSamples samples = StripeSamples.load();
        List<String> orders = new java.util.ArrayList<>();
        long created = Instant.now().minusSeconds(600).getEpochSecond();
        for (int i = 0; i < count; i++) {
            String orderId = "missed-" + UUID.randomUUID().toString().substring(0, 8);
            String body = samples.paymentIntentSucceeded("evt_" + UUID.randomUUID().toString().replace("-", ""),
                    orderId, "pi_" + orderId, 1000 + i, "eur", created + i);
            orders.add(orderId);
            http.send(HttpRequest.newBuilder(URI.create(stubUrl + "/_stub/stripe/events"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            if (i < drop) {
                out.printf("  %s: webhook dropped (a misconfigured endpoint)%n", orderId);
                continue;
            }
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/stripe"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Stripe-Signature", StripeSamples.sign(body, secret, Instant.now().getEpochSecond()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            out.printf("  %s: webhook -> %d%n", orderId, posted.statusCode());
        }
        if (!awaitPaid(orders.subList(drop, count), timeout)) {
            return false;
        }
        for (String orderId : orders.subList(0, drop)) {
            out.printf("  GET  %s/orders/%s -> %d (Paybus never heard of it)%n", orderUrl, orderId,
                    get(orderUrl + "/orders/" + orderId).statusCode());
        }
        out.println();
        out.println("  ./deploy/reconcile.sh sweep   (what the hourly sweep does)");
        List<String> sweep = new java.util.ArrayList<>(List.of("--url", ingestUrl, "sweep", "--reason",
                "demo: webhooks that never arrived"));
        if (operatorKeyFile != null) {
            sweep.addAll(List.of("--key-file", operatorKeyFile));
        }
        int swept = ReconcileCli.run(sweep.toArray(String[]::new), out);
        if (swept != 0 || !awaitPaid(orders.subList(0, drop), timeout)) {
            return false;
        }
        String metrics = http.send(HttpRequest.newBuilder(URI.create(ingestManagementUrl + "/actuator/prometheus"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        metrics.lines().filter(line -> line.startsWith("paybus_reconcile_loss_ratio")
                || line.startsWith("paybus_reconcile_events_total") && line.contains("recovered"))
                .forEach(line -> out.println("  " + line));
        return true;
    }

    /**
     * A first install: the provider stub holds objects older than Stripe keeps events (60 days), so
     * no sweep or event backfill can tell Paybus about them: a payment refunded in part, a canceled
     * one, a declined one, a canceled subscription and a live one. An object backfill publishes what
     * each object's state implies; the orders and subscriptions end as the provider has them.
     */
    public boolean firstInstall(String stubUrl, String billingUrl, String operatorKeyFile, Duration timeout)
            throws IOException, InterruptedException {
        StripeSamples samples = StripeSamples.load();
        String id = UUID.randomUUID().toString().substring(0, 8);
        Instant since = Instant.now().minus(Duration.ofDays(61)).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        long created = since.plus(Duration.ofDays(1)).getEpochSecond();
        String refunded = "first-" + id + "-refunded";
        String canceled = "first-" + id + "-canceled";
        String declined = "first-" + id + "-declined";
        String gone = "sub_first_" + id + "_gone";
        String live = "sub_first_" + id + "_live";
        out.println();
        out.println("Demo: a first install. The provider has objects from 60 days ago, older than its events API keeps:");
        putObject(stubUrl, "charges", samples.charge("ch_" + refunded, "pi_" + refunded, 5000, 1500, "eur", created));
        putObject(stubUrl, "payment_intents", samples.paymentIntent("pi_" + refunded, refunded, 5000, "eur",
                "succeeded", "ch_" + refunded, created));
        putObject(stubUrl, "payment_intents", samples.paymentIntent("pi_" + canceled, canceled, 2500, "eur",
                "canceled", null, created + 1));
        putObject(stubUrl, "payment_intents", samples.paymentIntent("pi_" + declined, declined, 990, "eur", "failed",
                null, created + 2));
        putObject(stubUrl, "subscriptions", samples.subscription(gone, "cus_" + id, "price_pro_monthly", "canceled",
                created, created + 2_592_000, created));
        long periodStart = Instant.now().minus(Duration.ofDays(3)).getEpochSecond();
        putObject(stubUrl, "subscriptions", samples.subscription(live, "cus_" + id, "price_pro_monthly", "active",
                periodStart, periodStart + 2_592_000, created + 3));
        out.printf("  %s: 50.00 EUR paid, 15.00 refunded%n  %s: canceled%n  %s: card declined%n"
                + "  %s: canceled subscription%n  %s: active subscription (pro)%n", refunded, canceled, declined, gone,
                live);
        out.println();
        out.printf("  ./deploy/reconcile.sh backfill --objects --since %s --account stripe:default%n",
                since.toString().substring(0, 10));
        List<String> backfill = new java.util.ArrayList<>(List.of("--url", ingestUrl, "backfill", "--objects",
                "--since", since.toString(), "--account", "stripe:default", "--reason", "demo: first install"));
        if (operatorKeyFile != null) {
            backfill.addAll(List.of("--key-file", operatorKeyFile));
        }
        if (ReconcileCli.run(backfill.toArray(String[]::new), out) != 0) {
            return false;
        }
        Map<String, String> expected = new java.util.LinkedHashMap<>();
        expected.put(orderUrl + "/orders/" + refunded, "PARTIALLY_REFUNDED");
        expected.put(orderUrl + "/orders/" + canceled, "CANCELED");
        expected.put(orderUrl + "/orders/" + declined, "PAYMENT_FAILED");
        expected.put(billingUrl + "/subscriptions/" + gone, "canceled");
        expected.put(billingUrl + "/subscriptions/" + live, "active");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!expected.isEmpty() && System.nanoTime() < deadline) {
            for (java.util.Iterator<Map.Entry<String, String>> it = expected.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, String> wanted = it.next();
                HttpResponse<String> view = get(wanted.getKey());
                Matcher m = STATUS.matcher(view.body());
                if (view.statusCode() == 200 && m.find() && m.group(1).equals(wanted.getValue())) {
                    out.printf("  GET  %s -> %s%n", wanted.getKey(), wanted.getValue());
                    it.remove();
                }
            }
            Thread.sleep(200);
        }
        if (!expected.isEmpty()) {
            out.printf("  not as the provider has them within %s: %s (see the logs)%n", timeout, expected);
        }
        return expected.isEmpty();
    }

    /**
     * Drift: an order made through the gateway and paid; then Stripe refunds part of it and the
     * refund's webhook is lost. A drift check finds the difference (both values), a repair ingests
     * Stripe's view as a snapshot fact, and the order is PARTIALLY_REFUNDED like the provider says.
     */
    public boolean driftRepaired(String stubUrl, String operatorKeyFile, Duration timeout)
            throws IOException, InterruptedException {
        StripeSamples samples = StripeSamples.load();
        out.println();
        out.println("Demo: an order paid through Stripe, then refunded in part at Stripe; the refund's webhook is lost");
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(orderUrl + "/orders"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString("{\"provider\":\"stripe\",\"amount\":2500,"
                        + "\"currency\":\"EUR\"}")).build(), HttpResponse.BodyHandlers.ofString());
        Matcher order = Pattern.compile("\"orderId\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        Matcher intent = Pattern.compile("\"providerRef\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        if (created.statusCode() != 201 || !order.find() || !intent.find()) {
            out.printf("  POST %s/orders -> %d %s%n", orderUrl, created.statusCode(), created.body());
            return false;
        }
        String orderId = order.group(1);
        String pi = intent.group(1);
        out.printf("  POST %s/orders -> 201 (order %s, PaymentIntent %s)%n", orderUrl, orderId, pi);
        String paid = samples.paymentIntentSucceeded("evt_" + UUID.randomUUID().toString().replace("-", ""), orderId,
                pi, 2500, "eur", Instant.now().getEpochSecond());
        http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/stripe")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSamples.sign(paid, secret, Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(paid)).build(), HttpResponse.BodyHandlers.discarding());
        if (!awaitPaid(List.of(orderId), timeout)) {
            return false;
        }
        long created0 = Instant.now().getEpochSecond();
        putObject(stubUrl, "charges", samples.charge("ch_" + pi.substring(3), pi, 2500, 700, "eur", created0));
        putObject(stubUrl, "payment_intents", samples.paymentIntent(pi, orderId, 2500, "eur", "succeeded",
                "ch_" + pi.substring(3), created0));
        out.println("  [Stripe refunds 7.00 EUR; the charge.refunded webhook never arrives]");
        out.println();
        out.printf("  ./deploy/drift.sh check --order %s%n", orderId);
        List<String> common = new java.util.ArrayList<>(List.of("--url", orderUrl));
        if (operatorKeyFile != null) {
            common.addAll(List.of("--key-file", operatorKeyFile));
        }
        List<String> check = new java.util.ArrayList<>(common);
        check.addAll(List.of("check", "--order", orderId, "--reason", "demo: support ticket"));
        if (DriftCli.run(check.toArray(String[]::new), out) != 0) {
            return false;
        }
        out.printf("  ./deploy/drift.sh repair --order %s --reason \"refund webhook lost\"%n", orderId);
        List<String> repair = new java.util.ArrayList<>(common);
        repair.addAll(List.of("repair", "--order", orderId, "--reason", "demo: refund webhook lost"));
        if (DriftCli.run(repair.toArray(String[]::new), out) != 0) {
            return false;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> view = get(orderUrl + "/orders/" + orderId);
            Matcher m = STATUS.matcher(view.body());
            if (view.statusCode() == 200 && m.find() && m.group(1).equals("PARTIALLY_REFUNDED")) {
                out.printf("  GET  %s/orders/%s -> PARTIALLY_REFUNDED%n", orderUrl, orderId);
                return true;
            }
            Thread.sleep(200);
        }
        out.printf("  order %s not PARTIALLY_REFUNDED within %s%n", orderId, timeout);
        return false;
    }

    /** Waits for the buyer's receipt in the local mail server and says how to read it. */
    private boolean awaitMail(String buyer, long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline) {
            try {
                List<MailServer.Mail> mails = MailServer.read(imapPort, buyer);
                if (!mails.isEmpty()) {
                    out.printf("  receipt mailed to %s: \"%s\"   (read it: ./deploy/mailbox.sh %s)%n", buyer,
                            mails.get(mails.size() - 1).subject(), buyer);
                    return true;
                }
            } catch (jakarta.mail.MessagingException | IOException e) {
                out.println("  the mailbox cannot be read yet: " + e.getMessage());
            }
            Thread.sleep(200);
        }
        out.printf("  no receipt mail for %s yet: see the notification-service log%n", buyer);
        return false;
    }

    private void putObject(String stubUrl, String kind, String json) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(URI.create(stubUrl + "/_stub/stripe/objects/" + kind))
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.discarding());
    }

    private boolean awaitPaid(List<String> orders, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        java.util.Set<String> waiting = new java.util.LinkedHashSet<>(orders);
        while (!waiting.isEmpty() && System.nanoTime() < deadline) {
            for (java.util.Iterator<String> it = waiting.iterator(); it.hasNext(); ) {
                String orderId = it.next();
                HttpResponse<String> view = get(orderUrl + "/orders/" + orderId);
                Matcher m = STATUS.matcher(view.body());
                if (view.statusCode() == 200 && m.find() && m.group(1).equals("PAID")) {
                    out.printf("  GET  %s/orders/%s -> PAID%n", orderUrl, orderId);
                    it.remove();
                }
            }
            Thread.sleep(200);
        }
        if (!waiting.isEmpty()) {
            out.printf("  not PAID within %s: %s (see the logs)%n", timeout, waiting);
        }
        return waiting.isEmpty();
    }

    /**
     * A PayPal checkout through the gateway: the order is created at PayPal (the stub) for a buyer
     * who reads {@code locale}; the buyer approves on PayPal's page and PayPal sends
     * {@code CHECKOUT.ORDER.APPROVED} {@code approvals} times; Paybus captures the order (once), PayPal
     * confirms the capture by webhook, the order is PAID, billing issues its receipt and the buyer
     * gets one receipt mail. Prints each step, and how often the stub was asked to capture.
     */
    public boolean paypalCheckout(String stubUrl, String billingUrl, String orderId, long amount, String currency,
            String locale, int approvals, Duration timeout) throws IOException, InterruptedException {
        String buyer = orderId + "@buyer.example";
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(orderUrl + "/orders"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json").header("Idempotency-Key", "demo-" + orderId)
                .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"provider\":\"paypal\","
                        + "\"amount\":" + amount + ",\"currency\":\"" + currency + "\",\"customer\":{\"email\":\""
                        + buyer + "\",\"name\":\"李雷\",\"locale\":\"" + locale + "\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher ref = Pattern.compile("\"providerRef\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
        out.println();
        out.printf("Demo: PayPal order %s created for %s (%s) -> %d%n", orderId, buyer, locale, created.statusCode());
        if (created.statusCode() != 201 || !ref.find()) {
            out.println("  " + created.body());
            return false;
        }
        String paypalOrder = ref.group(1);
        out.printf("  the buyer approves PayPal order %s; PayPal sends CHECKOUT.ORDER.APPROVED %d times%n", paypalOrder,
                approvals);
        HttpResponse<String> approved = http.send(HttpRequest.newBuilder(URI.create(stubUrl + "/_stub/paypal/orders/"
                + paypalOrder + "/approve?deliveries=" + approvals)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        out.printf("  POST /_stub/paypal/orders/%s/approve -> %s%n", paypalOrder, approved.body());
        if (approved.statusCode() != 200 || !awaitPaid(List.of(orderId), timeout)) {
            return false;
        }
        out.printf("  PayPal was asked to capture it: %s%n", http.send(HttpRequest.newBuilder(URI.create(stubUrl
                + "/_stub/paypal/orders/" + paypalOrder + "/captures")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
        long deadline = System.nanoTime() + timeout.toNanos();
        Matcher number = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> receipt = get(billingUrl + "/orders/" + orderId + "/receipt");
            number = Pattern.compile("\"number\"\\s*:\\s*\"([^\"]+)\"").matcher(receipt.body());
            if (receipt.statusCode() == 200 && number.find()) {
                out.printf("  GET  %s/orders/%s/receipt -> %s%n", billingUrl, orderId, number.group(1));
                break;
            }
            number = null;
            Thread.sleep(200);
        }
        return number != null && (imapPort <= 0 || awaitMail(buyer, deadline));
    }

    /** Follows the buyer's receipt mail to the local mail server's mailbox too (its IMAP port). */
    public DemoSender showingMail(int imapPort) {
        this.imapPort = imapPort;
        return this;
    }

    public boolean payOrder(String orderId, long amount, String currency, Duration timeout)
            throws IOException, InterruptedException {
        String intent = "pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        String buyer = orderId + "@buyer.example";
        if (imapPort > 0) {
            // Through the gateway, with a customer: the order is ours, and the buyer gets a receipt.
            HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(orderUrl + "/orders"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + apiKey)
                    .header("Content-Type", "application/json").header("Idempotency-Key", "demo-" + orderId)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"" + orderId + "\",\"provider\":\"stripe\","
                            + "\"amount\":" + amount + ",\"currency\":\"" + currency + "\",\"customer\":{\"email\":\""
                            + buyer + "\",\"name\":\"Demo Buyer\",\"locale\":\"en\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher ref = Pattern.compile("\"providerRef\"\\s*:\\s*\"([^\"]+)\"").matcher(created.body());
            out.println();
            out.printf("Demo: order %s created for %s -> %d%n", orderId, buyer, created.statusCode());
            if (created.statusCode() != 201 || !ref.find()) {
                out.println("  " + created.body());
                return false;
            }
            intent = ref.group(1);
        }
        String body = StripeSamples.load().paymentIntentSucceeded("evt_" + UUID.randomUUID().toString().replace("-", ""),
                orderId, intent, amount, currency, Instant.now().getEpochSecond());
        out.println();
        out.printf("Demo: Stripe says payment_intent.succeeded for order %s (%d %s minor units)%n", orderId, amount,
                currency.toUpperCase());
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSamples.sign(body, secret, Instant.now().getEpochSecond()))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        out.printf("  POST %s/webhooks/stripe -> %d %s%n", ingestUrl, posted.statusCode(), posted.body());
        if (posted.statusCode() != 200) {
            return false;
        }
        long began = System.nanoTime();
        long deadline = began + timeout.toNanos();
        String status = "(not yet projected)";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> view = get(orderUrl + "/orders/" + orderId);
            if (view.statusCode() == 200) {
                Matcher m = STATUS.matcher(view.body());
                status = m.find() ? m.group(1) : view.body();
                if ("PAID".equals(status)) {
                    out.printf("  GET  %s/orders/%s -> %s after %.2f s%n       %s%n", orderUrl, orderId, status,
                            (System.nanoTime() - began) / 1e9, view.body());
                    out.printf("  GET  %s/orders/%s/history -> %s%n", orderUrl, orderId,
                            get(orderUrl + "/orders/" + orderId + "/history").body());
                    return imapPort <= 0 || awaitMail(buyer, deadline);
                }
            }
            Thread.sleep(100);
        }
        out.printf("  order %s is %s after %s: see the order-service log%n", orderId, status, timeout);
        return false;
    }

    /**
     * Posts a signed {@code customer.subscription.created} (Pro plan) whose period ends after
     * {@code renewIn}, then follows the subscription in the billing service until the scheduler
     * renewed it through the provider (the local stub) and it is in its next period; prints each step.
     */
    public boolean renewSubscription(String billingUrl, String subscriptionId, String customerId, Duration renewIn,
            Duration timeout) throws IOException, InterruptedException {
        long now = Instant.now().getEpochSecond();
        long end = now + renewIn.toSeconds();
        String body = StripeSamples.load().subscriptionCreated("evt_" + UUID.randomUUID().toString().replace("-", ""),
                subscriptionId, customerId, "price_pro_monthly", now - 30L * 86_400 + renewIn.toSeconds(), end, now);
        out.println();
        out.printf("Demo: Stripe says customer.subscription.created for %s (Pro plan), period ending in %d s%n",
                subscriptionId, renewIn.toSeconds());
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/stripe"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Stripe-Signature", StripeSamples.sign(body, secret, now))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        out.printf("  POST %s/webhooks/stripe -> %d %s%n", ingestUrl, posted.statusCode(), posted.body());
        if (posted.statusCode() != 200) {
            return false;
        }
        long began = System.nanoTime();
        String last = "";
        String endText = Instant.ofEpochSecond(end).toString();
        while (System.nanoTime() - began < timeout.toNanos()) {
            HttpResponse<String> view = get(billingUrl + "/subscriptions/" + subscriptionId);
            if (view.statusCode() == 200 && !view.body().equals(last)) {
                last = view.body();
                out.printf("  GET  %s/subscriptions/%s after %4.1f s -> %s%n", billingUrl, subscriptionId,
                        (System.nanoTime() - began) / 1e9, last);
                if (last.contains("\"currentPeriodStart\":\"" + endText.replace("Z", ""))) {
                    out.printf("  renewed: the period that ended at %s was invoiced and paid, the next one runs%n",
                            endText);
                    out.printf("  GET  %s/customers/%s/credits -> %s%n", billingUrl, customerId,
                            get(billingUrl + "/customers/" + customerId + "/credits").body());
                    return true;
                }
            }
            Thread.sleep(250);
        }
        out.printf("  %s was not renewed within %s: see the billing-service log%n", subscriptionId, timeout);
        return false;
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
