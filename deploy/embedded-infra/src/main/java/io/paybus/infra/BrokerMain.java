package io.paybus.infra;

/**
 * Entry point of the broker's child JVM: runs {@code kafka.Kafka} and exits when the JVM that
 * started it is gone, so a test run or local stack killed with {@code kill -9} leaves no orphan
 * broker holding its ports and log directories.
 *
 * <p>Arguments: the parent's pid, then the broker's arguments.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        long parentPid = Long.parseLong(args[0]);
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> {
                    System.err.println("paybus: parent process " + parentPid + " exited, stopping the broker");
                    System.exit(0);
                }),
                () -> System.exit(0));
        String[] brokerArgs = new String[args.length - 1];
        System.arraycopy(args, 1, brokerArgs, 0, brokerArgs.length);
        kafka.Kafka.main(brokerArgs);
    }
}
