package org.hotline.workorder;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for intake: orders taken at the same moment go into the database together, in one transaction with one
 * commit and each table written once for all of them ({@link WorkOrderService#createAll}), instead of one transaction
 * each. Nothing waits to form a group: a lane takes whatever has queued while it was busy with the group before, so a
 * lone intake goes alone at once and a burst travels in a few groups. A group that fails as a whole (a concurrent
 * duplicate of an idempotency key, say) is taken in again one by one, so each intake gets its own answer.
 */
public final class IntakeGroup implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IntakeGroup.class);

    private record Pending(WorkOrderService.Intake intake, CompletableFuture<WorkOrderService.Answer> answer) {
    }

    private final WorkOrderService orders;
    private final int max;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final List<Thread> lanes = new ArrayList<>();
    private final DistributionSummary sizes;
    private volatile boolean closed;

    /**
     * @param lanes groups in the database at once (each holds one connection while it runs)
     * @param max   the most intakes in one group
     */
    public IntakeGroup(WorkOrderService orders, int lanes, int max, MeterRegistry registry) {
        this.orders = orders;
        this.max = max;
        this.sizes = registry == null ? null : DistributionSummary.builder("hotline_intake_group_size")
                .description("Orders taken in together in one transaction").register(registry);
        for (int i = 0; i < lanes; i++) {
            this.lanes.add(Thread.ofPlatform().daemon().name("hotline-intake-" + i).start(this::lane));
        }
    }

    /** Queues an intake (checked here first: a bad one is refused at once); completes with its answer. */
    public CompletableFuture<WorkOrderService.Answer> submit(WorkOrderService.Intake intake) {
        orders.check(intake.command());
        if (closed) {
            throw new IllegalStateException("intake is closed");
        }
        CompletableFuture<WorkOrderService.Answer> answer = new CompletableFuture<>();
        queue.add(new Pending(intake, answer));
        return answer;
    }

    private void lane() {
        while (!closed || !queue.isEmpty()) {
            Pending first;
            try {
                first = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                continue;
            }
            List<Pending> group = new ArrayList<>();
            group.add(first);
            queue.drainTo(group, max - 1);
            if (sizes != null) {
                sizes.record(group.size());
            }
            run(group);
        }
    }

    private void run(List<Pending> group) {
        if (group.size() > 1) {
            try {
                List<WorkOrderService.Answer> answers = orders.createAll(group.stream().map(Pending::intake).toList());
                for (int i = 0; i < group.size(); i++) {
                    group.get(i).answer().complete(answers.get(i));
                }
                return;
            } catch (RuntimeException e) {
                LOG.debug("A group of {} intakes failed as a whole ({}); taking them in one by one", group.size(),
                        e.toString());
            }
        }
        for (Pending p : group) {
            try {
                WorkOrderService.Intake in = p.intake();
                p.answer().complete(orders.create(in.principal(), in.command(), in.idempotencyKey(),
                        in.requestHash()));
            } catch (RuntimeException e) {
                p.answer().completeExceptionally(e);
            }
        }
    }

    /** Takes in what is queued, then stops the lanes. */
    @Override
    public void close() {
        closed = true;
        for (Thread t : lanes) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
