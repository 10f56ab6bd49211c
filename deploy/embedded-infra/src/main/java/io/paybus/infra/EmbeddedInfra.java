package io.paybus.infra;

/**
 * One Kafka broker and one PostgreSQL server per test JVM, started on first use and stopped when
 * the JVM exits. Integration tests share them (and isolate themselves by database and topic or
 * group names) because starting them costs seconds.
 */
public final class EmbeddedInfra {

    private static EmbeddedInfra shared;

    private final KafkaBroker kafka;
    private final PostgresServer postgres;

    private EmbeddedInfra(KafkaBroker kafka, PostgresServer postgres) {
        this.kafka = kafka;
        this.postgres = postgres;
    }

    public static synchronized EmbeddedInfra shared() {
        if (shared == null) {
            PostgresServer postgres = PostgresServer.startTemporary();
            KafkaBroker kafka = KafkaBroker.startTemporary();
            shared = new EmbeddedInfra(kafka, postgres);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                postgres.close();
            }, "paybus-embedded-infra-stop"));
        }
        return shared;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }
}
