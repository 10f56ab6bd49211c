package io.paybus.deploy;

import io.paybus.events.EventCodec;
import io.paybus.events.Money;
import io.paybus.events.PaymentEnvelope;
import io.paybus.events.PaymentRefunded;
import io.paybus.events.PaymentSucceeded;
import io.paybus.events.Provider;
import io.paybus.events.Topics;
import io.paybus.infra.KafkaBroker;
import io.paybus.infra.Ports;
import io.paybus.infra.PostgresServer;
import io.paybus.infra.samples.StripeSamples;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Benchmark of the order service, in one run, everything on this machine (real Kafka, real
 * PostgreSQL, the ingest and order services' real jars with 512 MB heaps each):
 * <ol>
 *   <li>commands applied per second: normalized events produced to {@code payments.inbound} as fast
 *       as Kafka takes them, counted as they land in the event store;</li>
 *   <li>webhook → read model latency: signed Stripe deliveries posted to ingest at a fixed rate by 64 senders
 *       (open loop), each a new order, timed until the order is in {@code order_summary};</li>
 *   <li>read-model rebuild: events written straight into the event store (as history), then a
 *       rebuild from the start, timed to the head;</li>
 *   <li>dead-letter replay: parked records written into the parking table, then all replayed to
 *       {@code payments.inbound}; time to re-publish, then time until the order service applied them;</li>
 *   <li>search: {@code --search-orders} orders written into the read model (a year of them, most
 *       paid), then {@code GET /orders} timed as an operator uses it: a status and 30-day filter's
 *       first page, the page after it, a customer's orders.</li>
 * </ol>
 *
 * <pre>./deploy/bench.sh order [--commands 100000] [--rate 1000] [--latency-seconds 120]
 *                          [--rebuild-events 1000000] [--dead-letters 100000] [--search-orders 1000000]
 *                          [--search-only 1]</pre>
 */
public final class OrderBench {

    private static final String SECRET = "whsec_bench";
    /** Concurrent deliveries of the latency phase's generator, each on its own kept-alive connection. */
    private static final int SENDERS = 64;
    /** The bench's operator key (rebuild, replay-all, progress). */
    private static String operatorKey;

    private OrderBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Long> options = new java.util.HashMap<>(Map.of("--commands", 100_000L, "--rate", 1_000L,
                "--latency-seconds", 120L, "--warmup-seconds", 30L, "--rebuild-events", 1_000_000L,
                "--dead-letters", 100_000L, "--search-orders", 1_000_000L, "--search-only", 0L));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; known: " + options.keySet());
            }
            options.put(args[i], Long.parseLong(args[i + 1]));
        }
        Path home = Path.of(System.getProperty("paybus.home", ".")).toAbsolutePath().normalize();
        Path data = Files.createTempDirectory("paybus-order-bench-");
        System.out.printf("Order benchmark on %d cores: %s%n", Runtime.getRuntime().availableProcessors(), options);
        List<String> figures = new ArrayList<>();
        try (PostgresServer postgres = PostgresServer.start(data.resolve("postgres"), Ports.free());
             KafkaBroker kafka = KafkaBroker.start(data.resolve("kafka"), Ports.free(), Ports.free(), "512m")) {
            System.out.println("PostgreSQL " + postgres.durability() + " (durable figures are measured as production commits)");
            kafka.createTopics(Topics.ALL, 6);
            String ordersJdbc = postgres.jdbcUrl("paybus_orders_bench");
            int orderPort = Ports.free();
            int ingestPort = Ports.free();
            LocalCredentials credentials = LocalCredentials.loadOrCreate(data);
            operatorKey = credentials.operatorKey();
            OrderService order = new OrderService(home, orderPort, kafka.bootstrapServers(), ordersJdbc, data,
                    credentials);
            order.start();
            ServiceProcess ingest = ServiceProcess.start("ingest-service",
                    home.resolve("ingest-service/target/ingest-service.jar"), ingestPort, Ports.free(),
                    Stack.oneBroker("--spring.profiles.active=local", "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                            "--spring.datasource.url=" + postgres.jdbcUrl("paybus_ingest_bench"),
                            "--spring.datasource.username=" + PostgresServer.USER,
                            "--paybus.ingest.stripe.secrets[0]=" + SECRET, "--logging.level.root=WARN"),
                    Map.of(), data.resolve("logs/ingest-service.log"), "512m");
            ingest.awaitHealthy(Duration.ofSeconds(180));
            String orderUrl = "http://127.0.0.1:" + orderPort;
            try (Connection db = DriverManager.getConnection(ordersJdbc, PostgresServer.USER, "")) {
                if (options.get("--search-only") == 0) {
                    figures.add(commands(kafka.bootstrapServers(), db, options.get("--commands")));
                    figures.add(latency("http://127.0.0.1:" + ingestPort, db, options.get("--rate"),
                            options.get("--warmup-seconds"), options.get("--latency-seconds")));
                    figures.add("order-service heap after load: " + heapUsed(order.managementUrl()));
                    figures.add(rebuild(order, orderUrl, db, options.get("--rebuild-events")));
                    figures.add(deadLetterReplay(orderUrl, db, options.get("--dead-letters")));
                }
                figures.add(search(orderUrl, db, options.get("--search-orders")));
                figures.add("order-service heap at the end: " + heapUsed(order.managementUrl()));
            } finally {
                ingest.stop();
                order.stop();
                System.out.println();
                System.out.println("Order benchmark figures:");
                figures.forEach(f -> System.out.println("  " + f));
            }
        }
        System.exit(0);
    }

    /**
     * Phase 5: {@code count} orders written straight into the read model over the last year (60 %
     * paid, the rest spread over the other statuses; two providers, two currencies, one in ten with a
     * customer), analyzed, then {@code GET /orders} as an operator calls it, each query 200 times after
     * 20 to warm up, answers checked (a full first page, a next cursor).
     */
    private static String search(String orderUrl, Connection db, long count) throws Exception {
        System.out.printf("  5. search: writing %,d orders into the read model ...%n", count);
        long began = System.nanoTime();
        try (Statement statement = db.createStatement()) {
            statement.execute("insert into order_summary (order_id, status, provider, payment_ref, amount_minor,"
                    + " currency, refunded_minor, created_at, updated_at, customer_id, customer_email)"
                    + " select 'bench-search-' || g,"
                    + " (array['PAID','PAID','PAID','PAID','PAID','PAID','PAYMENT_FAILED','REFUNDED','AWAITING_PAYMENT',"
                    + "'PARTIALLY_REFUNDED'])[1 + g % 10],"
                    + " case when g % 3 = 0 then 'PAYPAL' else 'STRIPE' end, 'pi_bench_' || g, 100 + (g::bigint * 7919) % 100000,"
                    + " case when g % 2 = 0 then 'EUR' else 'USD' end, 0,"
                    + " now() - (g::bigint * 525600 / " + count + ") * interval '1 minute',"
                    + " now() - (g::bigint * 525600 / " + count + ") * interval '1 minute'"
                    + " + interval '5 minutes',"
                    + " case when g % 10 = 0 then 'cus-' || (g / 10) % 20000 end,"
                    + " case when g % 10 = 0 then 'buyer' || (g / 10) % 20000 || '@bench.test' end"
                    + " from generate_series(1, " + count + ") g");
            statement.execute("analyze order_summary");
        }
        System.out.printf("     written and analyzed in %.1f s%n", seconds(began));
        Instant now = Instant.now();
        java.util.Random random = new java.util.Random(42);
        int buyers = (int) Math.max(1, Math.min(20_000, count / 10));
        Histogram first = new Histogram(60_000_000L, 3);
        Histogram next = new Histogram(60_000_000L, 3);
        Histogram customer = new Histogram(60_000_000L, 3);
        for (int i = 0; i < 220; i++) {
            Instant to = now.minus(Duration.ofDays(random.nextInt(330)));
            String window = "status=PAID&createdFrom=" + to.minus(Duration.ofDays(30)) + "&createdTo=" + to;
            long t0 = System.nanoTime();
            String page = getOrders(orderUrl, window + "&limit=50");
            long t1 = System.nanoTime();
            String cursor = page.replaceAll("(?s).*\"nextCursor\":\"([^\"]+)\".*", "$1");
            if (cursor.equals(page) || page.split("\"orderId\"", -1).length != 51) {
                throw new IllegalStateException("not a full first page with a next cursor: " + page.substring(0,
                        Math.min(300, page.length())));
            }
            String second = getOrders(orderUrl, window + "&limit=50&cursor=" + cursor);
            long t2 = System.nanoTime();
            // One order in ten has a customer, of at most 20,000 buyers: ask for one that exists.
            String buyer = getOrders(orderUrl, "customerEmail=buyer" + (1 + random.nextInt(buyers)) % 20_000 + "@bench.test");
            long t3 = System.nanoTime();
            if (!second.contains("\"orderId\"") || !buyer.contains("@bench.test")) {
                String empty = second.contains("\"orderId\"") ? buyer : second;
                throw new IllegalStateException("an empty page: " + empty.substring(0, Math.min(200, empty.length())));
            }
            if (i >= 20) {
                first.recordValue((t1 - t0) / 1000);
                next.recordValue((t2 - t1) / 1000);
                customer.recordValue((t3 - t2) / 1000);
            }
        }
        return String.format(Locale.ROOT, "search over %,d orders (GET /orders, 200 each after 20 to warm up):"
                + " status + 30-day window, first page of 50: p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                + " the next page: p50 %.1f ms, p99 %.1f ms; a customer's orders by email: p50 %.1f ms, p99 %.1f ms",
                count, first.getValueAtPercentile(50) / 1000.0, first.getValueAtPercentile(99) / 1000.0,
                first.getMaxValue() / 1000.0, next.getValueAtPercentile(50) / 1000.0,
                next.getValueAtPercentile(99) / 1000.0, customer.getValueAtPercentile(50) / 1000.0,
                customer.getValueAtPercentile(99) / 1000.0);
    }

    private static String getOrders(String orderUrl, String query) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(orderUrl + "/orders?" + query))
                .header("Authorization", "Bearer " + operatorKey).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("GET /orders?" + query + " -> " + answer.statusCode() + " " + answer.body());
        }
        return answer.body();
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The order service's jar, which phase 3 stops and starts again. */
    private static final class OrderService {
        private final Path home;
        private final int port;
        private final String bootstrap;
        private final String jdbc;
        private final Path data;
        private final LocalCredentials credentials;
        private final int managementPort = Ports.free();
        private ServiceProcess process;
        private int starts;

        OrderService(Path home, int port, String bootstrap, String jdbc, Path data, LocalCredentials credentials) {
            this.home = home;
            this.port = port;
            this.bootstrap = bootstrap;
            this.jdbc = jdbc;
            this.data = data;
            this.credentials = credentials;
        }

        void start() throws IOException, InterruptedException {
            List<String> arguments = new ArrayList<>(Stack.oneBroker("--spring.profiles.active=local",
                    "--spring.kafka.bootstrap-servers=" + bootstrap, "--spring.datasource.url=" + jdbc,
                    "--spring.datasource.username=" + PostgresServer.USER, "--logging.level.root=WARN",
                    "--logging.level.io.paybus=INFO"));
            arguments.addAll(credentials.serviceArguments());
            process = ServiceProcess.start("order-service", home.resolve("order-service/target/order-service.jar"),
                    port, managementPort, arguments, Map.of(), data.resolve("logs/order-service-" + (++starts) + ".log"),
                    "512m");
            process.awaitHealthy(Duration.ofSeconds(180));
        }

        String managementUrl() {
            return "http://127.0.0.1:" + managementPort;
        }

        void stop() {
            if (process != null) {
                process.stop();
                process = null;
            }
        }
    }

    /** Phase 1: normalized events straight to payments.inbound, counted into the event store. */
    private static String commands(String bootstrap, Connection db, long count) throws Exception {
        System.out.printf("[1/4] producing %,d inbound events (payment, then a partial refund, per order) ...%n", count);
        EventCodec codec = new EventCodec();
        long before = maxIndex(db);
        Instant now = Instant.now();
        long began;
        ProcessCpu cpu = ProcessCpu.start();
        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            began = System.nanoTime();
            for (long i = 0; i < count; i++) {
                String order = "bench-cmd-" + (i / 2);
                var payload = i % 2 == 0 ? new PaymentSucceeded("pi_" + order, Money.of(2000, "eur"))
                        : new PaymentRefunded("pi_" + order, "ch_" + order, Money.of(500, "eur"));
                PaymentEnvelope envelope = PaymentEnvelope.of(Provider.STRIPE, "evt_" + i, order, now.plusMillis(i),
                        now, payload, "{}");
                producer.send(new ProducerRecord<>(Topics.PAYMENTS_INBOUND, order, codec.encode(envelope)));
            }
            producer.flush();
        }
        double produced = seconds(began);
        System.out.printf("      produced in %.1f s; waiting for the event store ...%n", produced);
        waitFor(() -> maxIndex(db) - before, count, "events stored", Duration.ofMinutes(30));
        double took = seconds(began);
        return String.format(Locale.ROOT, "commands applied to the event store: %,d in %.1f s = %,.0f/s "
                + "(Kafka → consumer → aggregate → PostgreSQL, one partition-ordered stream per order); %s", count, took,
                count / took, cpu.report());
    }

    /** Phase 2: signed webhooks at a fixed rate, timed until the order is in the read model. */
    private static String latency(String ingestUrl, Connection db, long rate, long warmup, long measured)
            throws Exception {
        long seconds = warmup + measured;
        System.out.printf("[2/4] posting signed Stripe webhooks at %,d/s for %d s (the first %d s not measured),"
                + " each a new order ...%n", rate, seconds, warmup);
        String template = StripeSamples.load().paymentIntentSucceeded("evt_BENCHID", "bench-lat-BENCHID",
                "pi_BENCHID", 1099, "eur", 0).replace("\"created\" : 0", "\"created\" : CREATED");
        // The generator: SENDERS threads, each with its own kept-alive connection, take the next slot
        // of a fixed schedule (open loop: slot n is due at began + n / rate) and post it synchronously.
        // Latencies count from the slot's due time, so a late send is the system's delay, not hidden
        // (no coordinated omission); more than SENDERS deliveries never wait at once, so the generator
        // cannot pile up connections the way an unbounded async client did (72,516 client-side
        // SocketException/EOFException/IOException of 75,000, and 86% of a core, on 2026-12-03).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Long> pending = new ConcurrentHashMap<>();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        Histogram readModel = new Histogram(Duration.ofMinutes(5).toNanos(), 3);
        Histogram webhook = new Histogram(Duration.ofMinutes(5).toNanos(), 3);
        AtomicLong next = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long total = rate * seconds;
        long periodNanos = 1_000_000_000L / rate;
        ProcessCpu cpu = ProcessCpu.start();
        long began = System.nanoTime();
        long measuredFrom = began + warmup * 1_000_000_000L;
        AtomicLong measuredOrders = new AtomicLong();
        List<Thread> senders = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            Thread sender = new Thread(() -> {
                for (long n = next.incrementAndGet(); n <= total; n = next.incrementAndGet()) {
                    long due = began + (n - 1) * periodNanos;
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(wait);
                    }
                    String id = Long.toString(n);
                    long t = Instant.now().getEpochSecond();
                    String body = template.replace("BENCHID", id).replace("CREATED", Long.toString(t));
                    HttpRequest request = HttpRequest.newBuilder(URI.create(ingestUrl + "/webhooks/stripe"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .header("Stripe-Signature", StripeSamples.sign(body, SECRET, t))
                            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
                    pending.put("bench-lat-" + id, due);
                    String why;
                    try {
                        int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        why = status == 200 ? null : "HTTP " + status;
                    } catch (IOException e) {
                        why = e.getClass().getSimpleName();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (why != null) {
                        failed.incrementAndGet();
                        pending.remove("bench-lat-" + id);
                        failures.computeIfAbsent(why, k -> new AtomicLong()).incrementAndGet();
                    } else if (due - measuredFrom >= 0) {
                        synchronized (webhook) {
                            webhook.recordValue(Math.min(System.nanoTime() - due, webhook.getHighestTrackableValue()));
                        }
                    }
                }
            }, "bench-sender-" + s);
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        long seen = 0;
        long lastReport = System.nanoTime();
        try (PreparedStatement found = db.prepareStatement(
                "select order_id from order_summary where order_id = any(?)")) {
            while (seen + failed.get() < total && seconds(began) < seconds + 120) {
                List<String> ids = new ArrayList<>(pending.keySet());
                if (!ids.isEmpty()) {
                    Array array = db.createArrayOf("varchar", ids.toArray());
                    found.setArray(1, array);
                    long now = System.nanoTime();
                    try (ResultSet rs = found.executeQuery()) {
                        while (rs.next()) {
                            Long start = pending.remove(rs.getString(1));
                            if (start != null) {
                                if (start - measuredFrom >= 0) {
                                    readModel.recordValue(Math.min(now - start, readModel.getHighestTrackableValue()));
                                    measuredOrders.incrementAndGet();
                                }
                                seen++;
                            }
                        }
                    }
                }
                if (System.nanoTime() - lastReport > 10_000_000_000L) {
                    lastReport = System.nanoTime();
                    System.out.printf("      %4.0f s: %,d sent, %,d in the read model, p99 so far %.1f ms%n",
                            seconds(began), Math.min(next.get(), total), seen, readModel.getValueAtPercentile(99) / 1e6);
                }
                Thread.sleep(2);
            }
        }
        senders.forEach(Thread::interrupt);
        String load = cpu.report();
        return String.format(Locale.ROOT, "webhook → read model at %,d deliveries/s for %d s after %d s of warm-up: "
                + "%,d orders measured, p50 %.1f ms, p99 %.1f ms, max %.1f ms (target p99 <= 100 ms); webhook answer "
                + "p50 %.1f ms, p99 %.1f ms; failed %d %s, never seen %d"
                + " (poll interval ~2 ms); %s (the generator signs and sends from this JVM)", rate, measured, warmup,
                measuredOrders.get(),
                readModel.getValueAtPercentile(50) / 1e6, readModel.getValueAtPercentile(99) / 1e6,
                readModel.getMaxValue() / 1e6, webhook.getValueAtPercentile(50) / 1e6,
                webhook.getValueAtPercentile(99) / 1e6, failed.get(), failures, pending.size(), load);
    }

    /** Phase 3: history written into the event store, then the read model rebuilt from the start. */
    private static String rebuild(OrderService order, String orderUrl, Connection db, long events) throws Exception {
        System.out.printf("[3/4] writing %,d events into the event store as history (service stopped) ...%n", events);
        order.stop();
        long began = System.nanoTime();
        try (Statement sql = db.createStatement()) {
            // Templates: a real PaymentConfirmed and RefundRecorded the service stored in phase 1.
            String confirmed = template(db, "%PaymentConfirmed");
            String refunded = template(db, "%RefundRecorded");
            db.setAutoCommit(false);
            long batch = 100_000;
            for (long from = 0; from < events; from += batch) {
                long to = Math.min(events, from + batch) - 1;
                for (String t : List.of(confirmed, refunded)) {
                    long sequence = t == confirmed ? 0 : 1;
                    sql.execute("insert into domainevententry (aggregateidentifier, sequencenumber, type,"
                            + " eventidentifier, metadata, payload, payloadrevision, payloadtype, timestamp)"
                            + " select 'bench-hist-' || g, " + sequence + ", e.type, gen_random_uuid()::text,"
                            + " e.metadata, convert_to(replace(convert_from(e.payload, 'UTF8'), e.aggregateidentifier,"
                            + " 'bench-hist-' || g), 'UTF8'), e.payloadrevision, e.payloadtype, e.timestamp"
                            + " from domainevententry e, generate_series(" + (from / 2) + ", " + (to / 2) + ") g"
                            + " where e.globalindex = " + t + " and (2 * g + " + sequence + ") between " + from
                            + " and " + to);
                }
                db.commit();
                System.out.printf("      %,d written%n", Math.min(events, from + batch));
            }
            db.setAutoCommit(true);
        }
        // History, not news: the processors' tokens go past it (else the publisher would announce a
        // million old events first). The rebuild below then replays all of it into the read model.
        long head = maxIndex(db);
        try (PreparedStatement tokens = db.prepareStatement("update tokenentry set token = convert_to(?, 'UTF8')")) {
            tokens.setString(1, "{\"index\":" + head + ",\"gaps\":[]}");
            tokens.executeUpdate();
        }
        System.out.printf("      written in %.1f s; starting the order service again ...%n", seconds(began));
        order.start();
        if (minTokenIndex(db, "order-summary") < head) {
            return "rebuild not measured: the processors' tokens were not moved past the history";
        }
        System.out.println("      rebuilding the read model from the start of the event store ...");
        long rebuildBegan = System.nanoTime();
        String answer = post(orderUrl + "/admin/projections/order-summary/rebuild?reason=bench", "");
        if (!answer.contains("\"projection\"")) {
            return "rebuild refused: " + answer;
        }
        waitFor(() -> progressPosition(orderUrl), head, "rebuilt up to", Duration.ofMinutes(60));
        double took = seconds(rebuildBegan);
        long rows;
        try (Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery("select count(*) from order_summary")) {
            rs.next();
            rows = rs.getLong(1);
        }
        return String.format(Locale.ROOT, "read-model rebuild: %,d events (%,d of them written as history) in %.1f s"
                + " = %,.0f events/s into PostgreSQL, %,d orders in the read model (target >= 10,000/s)", head, events,
                took, head / took, rows);
    }

    /** Phase 4: parked records replayed to payments.inbound, then applied. */
    private static String deadLetterReplay(String orderUrl, Connection db, long count) throws Exception {
        System.out.printf("[4/4] parking %,d dead letters, then replaying them all ...%n", count);
        EventCodec codec = new EventCodec();
        Instant now = Instant.now();
        db.setAutoCommit(false);
        try (PreparedStatement park = db.prepareStatement("insert into paybus_dead_letter (consumer, record_key,"
                + " source_topic, source_partition, source_offset, event_type, provider_event_id, error_class,"
                + " error_message, attempts, payload, status, created_at) values"
                // partition -1: no record of the topic has it, so the bench's rows never meet real ones
                + " ('order-service/order-inbound/payments.inbound', ?, 'payments.inbound', -1, ?, 'payment.succeeded',"
                + " ?, 'bench.Simulated', 'parked by the benchmark', 1, ?, 'PARKED', now())")) {
            for (long i = 0; i < count; i++) {
                String order = "bench-dlt-" + i;
                PaymentEnvelope envelope = PaymentEnvelope.of(Provider.STRIPE, "evt_dlt_" + i, order, now, now,
                        new PaymentSucceeded("pi_" + order, Money.of(1500, "usd")), "{}");
                park.setString(1, order);
                park.setLong(2, i);
                park.setString(3, "evt_dlt_" + i);
                park.setBytes(4, codec.encode(envelope));
                park.addBatch();
                if (i % 5_000 == 4_999) {
                    park.executeBatch();
                }
            }
            park.executeBatch();
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
        long before = maxIndex(db);
        long began = System.nanoTime();
        String answer = post(orderUrl + "/dead-letters/replay-all?error=bench.Simulated",
                "{\"reason\":\"order bench: replay throughput\"}");
        double published = seconds(began);
        System.out.printf("      %s in %.1f s; waiting until they are applied ...%n", answer, published);
        waitFor(() -> maxIndex(db) - before, count, "replayed events applied", Duration.ofMinutes(30));
        double applied = seconds(began);
        return String.format(Locale.ROOT, "dead-letter replay: %,d re-published in %.2f s = %,.0f/s (target >= 10,000/s);"
                + " all applied to the event store after %.1f s = %,.0f/s", count, published, count / published,
                applied, count / applied);
    }

    private static String template(Connection db, String payloadType) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("select min(globalindex) from domainevententry"
                + " where payloadtype like ? and aggregateidentifier like 'bench-cmd-%'")) {
            q.setString(1, payloadType);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return Long.toString(rs.getLong(1));
            }
        }
    }

    private static long maxIndex(Connection db) {
        try (Statement sql = db.createStatement();
             ResultSet rs = sql.executeQuery("select coalesce(max(globalindex), 0) from domainevententry")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The lowest position of a processor's segments, read from its token (Jackson: {"index":N}). */
    private static long minTokenIndex(Connection db, String processor) {
        try (PreparedStatement q = db.prepareStatement("select convert_from(token, 'UTF8') from tokenentry"
                + " where processorname = ?")) {
            q.setString(1, processor);
            long min = Long.MAX_VALUE;
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String token = rs.getString(1);
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(\\d+)")
                            .matcher(token == null ? "" : token);
                    long index = 0;
                    while (m.find()) {
                        index = Math.max(index, Long.parseLong(m.group(1)));
                    }
                    min = Math.min(min, index);
                }
            }
            return min == Long.MAX_VALUE ? 0 : min;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long progressPosition(String orderUrl) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(orderUrl + "/admin/projections/order-summary"))
                    .header("Authorization", "Bearer " + operatorKey).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return Long.parseLong(body.replaceAll(".*\"position\":(\\d+).*", "$1"));
        } catch (IOException | InterruptedException | RuntimeException e) {
            return 0;
        }
    }

    private static void waitFor(LongSupplier current, long target, String what, Duration timeout)
            throws InterruptedException {
        long began = System.nanoTime();
        long lastReport = began;
        long value;
        while ((value = current.getAsLong()) < target) {
            if (System.nanoTime() - began > timeout.toNanos()) {
                throw new IllegalStateException(what + ": " + value + " of " + target + " after " + timeout);
            }
            if (System.nanoTime() - lastReport > 5_000_000_000L) {
                lastReport = System.nanoTime();
                System.out.printf("      %s: %,d of %,d (%.0f s)%n", what, value, target, seconds(began));
            }
            Thread.sleep(100);
        }
    }

    private static String post(String url, String json) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + operatorKey).header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(10)).POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer());
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    /** A service's heap in use, from Prometheus on its management port, as "N MB of 512 MB". */
    static String heapUsed(String managementUrl) {
        try {
            String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(managementUrl + "/actuator/prometheus")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            double bytes = body.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
            return String.format(Locale.ROOT, "%.0f MB of 512 MB", bytes / 1e6);
        } catch (IOException | InterruptedException | RuntimeException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
