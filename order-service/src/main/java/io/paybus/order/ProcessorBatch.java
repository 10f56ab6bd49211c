package io.paybus.order;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * State an event handler keeps for the batch its streaming processor is handling: Axon hands a
 * tracking processor's batch (up to {@code batch-size} events) to the handlers in one unit of
 * work and one database transaction, which commits together with the processor's token. A
 * handler that writes once per batch instead of once per event opens its state here; the state's
 * {@code beforeCommit} runs in that transaction, and when it throws, the batch rolls back, token
 * included, and is handled again.
 */
public final class ProcessorBatch {

    private ProcessorBatch() {
    }

    /**
     * The state of the batch being handled, opened on its first use from the batch's events; empty
     * outside a processor's batch (a dead-letter replay handles one event in its own unit of work).
     */
    public static <B> Optional<B> current(Class<B> type, Function<List<? extends EventMessage<?>>, B> open,
            Consumer<B> beforeCommit) {
        if (!CurrentUnitOfWork.isStarted()) {
            return Optional.empty();
        }
        UnitOfWork<?> unit = CurrentUnitOfWork.get().root();
        if (!(unit instanceof BatchingUnitOfWork<?> batch)) {
            return Optional.empty();
        }
        return Optional.of(unit.getOrComputeResource(type.getName(), key -> {
            List<? extends EventMessage<?>> events = batch.getMessages().stream()
                    .filter(EventMessage.class::isInstance).map(m -> (EventMessage<?>) m).toList();
            B state = open.apply(events);
            unit.onPrepareCommit(u -> beforeCommit.accept(state));
            return state;
        }));
    }

    /** The identifier of the event being handled, if one is. */
    public static Optional<String> currentEventId() {
        return CurrentUnitOfWork.isStarted()
                ? Optional.of(CurrentUnitOfWork.get().getMessage().getIdentifier()) : Optional.empty();
    }
}
