package io.paybus.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts Java programs of this classpath in their own JVM, output to a log file. */
final class ChildJvm {

    private ChildJvm() {
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The classpath of this JVM. Under Surefire and in the launcher jar it is a jar whose manifest
     * lists the real classpath; the child JVM follows that manifest the same way.
     */
    static String classpath() {
        return System.getProperty("java.class.path");
    }

    static Process start(List<String> jvmOptions, String mainClass, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(args);
        Files.createDirectories(log.getParent());
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** Runs a program to completion; fails with the tail of its log when it does not exit 0. */
    static void run(List<String> jvmOptions, String mainClass, List<String> args, Path log, long timeoutSeconds)
            throws IOException, InterruptedException {
        Process process = start(jvmOptions, mainClass, args, log);
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(mainClass + " did not finish in " + timeoutSeconds + " s; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(mainClass + " exited with " + process.exitValue() + ":\n" + tail(log, 20));
        }
    }

    static String tail(Path log, int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
