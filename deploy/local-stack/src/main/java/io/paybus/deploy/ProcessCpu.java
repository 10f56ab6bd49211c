package io.paybus.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * CPU used by each process a bench loads, over a window: the load generator (this JVM) first,
 * because a generator that eats a core is part of the result. Percent of one core per group, and
 * the box's busy share of all cores (from {@code /proc/stat}).
 */
final class ProcessCpu {

    private static final Map<String, Predicate<ProcessHandle>> GROUPS = new LinkedHashMap<>();

    static {
        long self = ProcessHandle.current().pid();
        GROUPS.put("generator", p -> p.pid() == self);
        GROUPS.put("ingest", p -> commandLine(p).contains("ingest-service.jar"));
        GROUPS.put("order", p -> commandLine(p).contains("order-service.jar"));
        GROUPS.put("postgres", p -> p.info().command().map(c -> c.endsWith("/postgres")).orElse(false));
        GROUPS.put("kafka", p -> commandLine(p).contains("BrokerMain"));
    }

    private final Map<String, Duration> began;
    private final long[] boxBegan;
    private final long startNanos = System.nanoTime();

    private ProcessCpu() {
        began = sample();
        boxBegan = box();
    }

    static ProcessCpu start() {
        return new ProcessCpu();
    }

    /** "cpu % of one core: generator=12 ingest=95 ... ; box 80% of 2 cores" since {@link #start()}. */
    String report() {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        Map<String, Duration> now = sample();
        long[] boxNow = box();
        String groups = GROUPS.keySet().stream().map(name -> String.format(Locale.ROOT, "%s=%.0f%%", name,
                100.0 * (now.get(name).minus(began.get(name)).toNanos() / 1e9) / wall))
                .collect(Collectors.joining(" "));
        long busy = boxNow[0] - boxBegan[0];
        long all = boxNow[1] - boxBegan[1];
        return String.format(Locale.ROOT, "cpu, %% of one core: %s; box %.0f%% of %d cores", groups,
                all > 0 ? 100.0 * busy / all : 0, Runtime.getRuntime().availableProcessors());
    }

    private static Map<String, Duration> sample() {
        Map<String, Duration> totals = new LinkedHashMap<>();
        GROUPS.keySet().forEach(name -> totals.put(name, Duration.ZERO));
        ProcessHandle.allProcesses().forEach(p -> GROUPS.forEach((name, member) -> {
            if (member.test(p)) {
                totals.merge(name, p.info().totalCpuDuration().orElse(Duration.ZERO), Duration::plus);
            }
        }));
        return totals;
    }

    private static String commandLine(ProcessHandle p) {
        return p.info().commandLine().orElse("");
    }

    /** Busy and total jiffies of all cores (user+nice+system+irq+softirq+steal; plus idle+iowait). */
    private static long[] box() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[6])
                    + Long.parseLong(f[7]) + Long.parseLong(f[8]);
            return new long[] {busy, busy + Long.parseLong(f[4]) + Long.parseLong(f[5])};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
