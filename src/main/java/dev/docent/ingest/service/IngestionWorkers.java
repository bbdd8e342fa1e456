package dev.docent.ingest.service;

import dev.docent.ingest.config.IngestConfig;
import dev.docent.ingest.queue.ClaimedItem;
import dev.docent.ingest.queue.JobQueue;
import dev.docent.ingest.queue.LeaseLostException;
import dev.docent.shared.api.DependencyFailures;
import dev.docent.shared.error.DocentException;
import dev.docent.shared.error.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * This replica's queue workers: {@code docent.ingest.queue.workers} threads each claim one item at a time and run
 * it to the end; one scheduler thread renews the leases of the items they hold. As shutdown begins (SIGTERM: before
 * the shutdown delay and the wait for open requests, which an event stream or a waiting upload can hold for the whole
 * shutdown timeout) the workers stop claiming and the held items are released to the queue, so another replica (or
 * the next start) picks them up at once, and nothing that fails while the service stops counts as an attempt.
 */
@ApplicationScoped
public class IngestionWorkers {
    private static final Logger LOG = Logger.getLogger(IngestionWorkers.class);

    private final JobQueue queue;
    private final ItemProcessor processor;
    private final IngestConfig.Queue config;
    private final String owner = workerId();
    /**
     * The leases of the items this replica's workers are processing, by item: a lease name is the replica and the
     * attempt ({@code <replica>#1}), which items on the same attempt share, so one of them finishing must not stop the
     * renewal of the others (a scan parsing for minutes lost its lease and was parsed twice).
     */
    private final Map<UUID, String> held = new ConcurrentHashMap<>();

    private final Object signal = new Object();
    private final AtomicLong completions = new AtomicLong();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private ScheduledExecutorService heartbeat;

    private final MeterRegistry registry;

    IngestionWorkers(JobQueue queue, ItemProcessor processor, IngestConfig config, MeterRegistry registry) {
        this.queue = queue;
        this.processor = processor;
        this.config = config.queue();
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        if (config.workers() <= 0) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().daemon().name("docent-ingest-heartbeat").unstarted(r));
        long every = config.heartbeat().toMillis();
        heartbeat.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
        for (int i = 0; i < config.workers(); i++) {
            Thread t = Thread.ofPlatform()
                    .daemon()
                    .name("docent-ingest-worker-" + i)
                    .start(this::loop);
            threads.add(t);
        }
        LOG.infof("ingestion: %d workers started as %s", config.workers(), owner);
    }

    /**
     * The first thing shutdown does: the embedding runtime closes its environment from a JVM shutdown hook of its own
     * as soon as the JVM starts stopping, so a document still being worked on here could only fail (a new inference
     * session cannot be created any more) or crash the process.
     */
    void stopAsShutdownBegins(@Observes ShutdownDelayInitiatedEvent event) {
        stop();
    }

    /** Without a shutdown delay (tests), or when the delay was skipped. */
    void stopAtShutdown(@Observes ShutdownEvent event) {
        stop();
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopping = true;
        wake();
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        try {
            int released = queue.release(owner);
            if (released > 0) {
                LOG.infof("ingestion: released %d claimed documents to the queue", released);
            }
        } catch (RuntimeException e) {
            LOG.warnf("ingestion: could not release claimed documents (their leases will expire): %s", e.getMessage());
        }
        threads.forEach(Thread::interrupt);
    }

    /** Wakes idle workers (after a local upload). */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    /** Count of items this replica finished; changes wake {@link #awaitCompletion}. */
    public long completions() {
        return completions.get();
    }

    /** Waits until some item finishes on this replica or {@code millis} pass. */
    public void awaitCompletion(long seen, long millis) throws InterruptedException {
        synchronized (signal) {
            if (completions.get() == seen) {
                signal.wait(millis);
            }
        }
    }

    /** The lease owner name of this replica's workers. */
    public String owner() {
        return owner;
    }

    private void loop() {
        while (!stopping) {
            Optional<ClaimedItem> claimed;
            try {
                claimed = queue.claim(owner);
            } catch (RuntimeException e) {
                LOG.warnf("ingestion: cannot claim work: %s", e.getMessage());
                idle(config.poll().toMillis() * 5);
                continue;
            }
            if (claimed.isEmpty()) {
                idle(config.poll().toMillis());
                continue;
            }
            run(claimed.get());
        }
    }

    private void run(ClaimedItem item) {
        String lease = JobQueue.lease(owner, item.attempts());
        held.put(item.id(), lease);
        long start = System.nanoTime();
        String result = "processed";
        try {
            processor.process(item, lease);
        } catch (LeaseLostException e) {
            result = "lease_lost";
            LOG.infof("ingestion: %s", e.getMessage());
        } catch (RuntimeException | Error e) {
            result = "error";
            if (stopping) {
                return;
            }
            LOG.warnf(e, "ingestion: item %s failed (attempt %d)", item.id(), item.attempts());
            giveUpOrRetry(item, lease, e);
        } finally {
            Timer.builder("docent.ingest.document")
                    .description("Time to ingest one document from claim to commit")
                    .tag("result", result)
                    .register(registry)
                    .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            held.remove(item.id());
            completions.incrementAndGet();
            wake();
        }
    }

    private void giveUpOrRetry(ClaimedItem item, String lease, Throwable e) {
        try {
            if (DependencyFailures.isRemoteServiceDown(e) && queue.retryAfterOutage(item.id(), lease)) {
                LOG.infof(
                        "ingestion: item %s waits %s for the embedding endpoint (unavailable: %s)",
                        item.id(), config.outageBackoff(), e.getMessage());
                return;
            }
            if (item.attempts() >= config.maxAttempts()) {
                DocentException failure = e instanceof DocentException de
                        ? de
                        : new DocentException(ErrorCode.INTERNAL, "The document could not be processed.", e);
                processor.fail(item, lease, failure);
            } else {
                queue.retryLater(item.id(), lease);
            }
        } catch (RuntimeException again) {
            LOG.warnf("ingestion: could not record the failure of item %s: %s", item.id(), again.getMessage());
        }
    }

    private void beat() {
        try {
            queue.heartbeat(Set.copyOf(held.values()));
        } catch (RuntimeException e) {
            LOG.warnf("ingestion: heartbeat failed: %s", e.getMessage());
        }
    }

    private void idle(long millis) {
        synchronized (signal) {
            try {
                signal.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stopping = true;
            }
        }
    }

    private static String workerId() {
        return ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
    }
}
