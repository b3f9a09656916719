package io.releasecontrol.deploy.runner;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.analysis.AnalysisProperties;
import io.releasecontrol.deploy.analysis.GateAnswer;
import io.releasecontrol.deploy.analysis.MetricsGateClient;
import io.releasecontrol.deploy.checklist.ChecklistRepository;
import io.releasecontrol.deploy.checklist.DeploymentLauncher;
import io.releasecontrol.deploy.deployment.ApprovalGateRepository;
import io.releasecontrol.deploy.deployment.Deployment;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.DeploymentStatus;
import io.releasecontrol.deploy.deployment.IllegalTransitionException;
import io.releasecontrol.deploy.deployment.StepAnalysis;
import io.releasecontrol.deploy.executor.DeployExecutor;
import io.releasecontrol.deploy.executor.DeployExecutors;
import io.releasecontrol.deploy.executor.Execution;
import io.releasecontrol.deploy.executor.ExecutionCancelledException;
import io.releasecontrol.deploy.executor.ExecutionFailedException;
import io.releasecontrol.deploy.executor.HealthChecker;
import io.releasecontrol.deploy.executor.OutputLine;
import io.releasecontrol.deploy.log.LogNotifier;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.deploy.router.RouterException;
import io.releasecontrol.deploy.router.TrafficRouting;
import io.releasecontrol.deploy.strategy.BlueGreenPlanner;
import io.releasecontrol.deploy.strategy.PlanContext;
import io.releasecontrol.deploy.strategy.Step;
import io.releasecontrol.deploy.strategy.StepPlanners;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.runtime.instance.InstanceId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a deployment's plan step by step: the executor for deploy and traffic steps, the health
 * checker, the canary's pauses. Every step's end is a transition (with its events) written by
 * {@link DeploymentService}; a cancel, pause or partial rollback made elsewhere (another request,
 * another instance) is seen by polling the deployment, so nothing here assumes one instance.
 */
@Component
public class DeploymentRunner implements DeploymentLauncher {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRunner.class);
    /**
     * How often a runner looks at its deployment (cancelled through another instance?) and
     * heartbeats. Actions through this instance wake it at once (they write a log line).
     */
    static final Duration WATCH = Duration.ofSeconds(1);
    /** Lines are written in batches of up to this many, or whatever came within {@link #LOG_BATCH_WAIT}. */
    private static final int LOG_BATCH = 100;
    private static final Duration LOG_BATCH_WAIT = Duration.ofMillis(20);

    private final DeploymentService deployments;
    private final DeploymentRepository repository;
    private final StepPlanners planners;
    private final DeployExecutors executors;
    private final HealthChecker health;
    private final LogService logs;
    private final LogNotifier notifier;
    private final DeployProperties props;
    private final ApprovalGateRepository gates;
    private final ChecklistRepository checklists;
    private final MetricsGateClient gate;
    private final AnalysisProperties analysis;
    private final InstanceId instance;
    private final TrafficRouting routing;
    private final Map<UUID, Disposable> running = new ConcurrentHashMap<>();

    public DeploymentRunner(DeploymentService deployments, DeploymentRepository repository, StepPlanners planners,
            DeployExecutors executors, HealthChecker health, LogService logs, LogNotifier notifier,
            DeployProperties props, ApprovalGateRepository gates, ChecklistRepository checklists,
            MetricsGateClient gate, AnalysisProperties analysis, InstanceId instance, TrafficRouting routing) {
        this.instance = instance;
        this.routing = routing;
        this.gate = gate;
        this.analysis = analysis;
        this.gates = gates;
        this.checklists = checklists;
        this.deployments = deployments;
        this.repository = repository;
        this.planners = planners;
        this.executors = executors;
        this.health = health;
        this.logs = logs;
        this.notifier = notifier;
        this.props = props;
    }

    /** Starts running the deployment in the background, once per instance. */
    @Override
    public void launch(UUID id) {
        track(id, () -> run(id));
    }

    /**
     * Takes over a running or paused deployment whose lease this instance claimed from {@code from}
     * (null: none recorded): resumes it from its stored step, or fails it when its interrupted step
     * must not run twice ({@link Takeover}). Nothing happens when it already runs here.
     */
    public void resume(UUID id, String from) {
        track(id, () -> takeOver(id, from));
    }

    private void track(UUID id, java.util.function.Supplier<Mono<Void>> work) {
        running.computeIfAbsent(id, k -> work.get()
                .doFinally(s -> running.remove(id))
                .subscribe(v -> { }, e -> log.error("runner of deployment {} stopped: {}", id, e.toString(), e)));
    }

    public boolean isRunning(UUID id) {
        return running.containsKey(id);
    }

    /** The deployments whose runner works on this instance: the leases it renews. */
    public java.util.Set<UUID> runningIds() {
        return java.util.Set.copyOf(running.keySet());
    }

    /**
     * Stops the runner of a deployment another instance has taken over (or that this one can no
     * longer prove it holds): the executor's work is cancelled (a script's process tree killed), no
     * transition is written.
     */
    public void abandon(UUID id) {
        Disposable runner = running.remove(id);
        if (runner != null) {
            runner.dispose();
        }
    }

    /** Stops the executor of a deployment cancelled through this instance. */
    public Mono<Void> stopExecutor(Deployment d) {
        return executors.find(d.spec().executor()).map(e -> e.cancel(d.spec().id())).orElse(Mono.empty());
    }

    Mono<Void> run(UUID id) {
        // only a PENDING deployment is taken on: its start transition (under the row lock) makes
        // sure one runner, on one instance, owns it
        // one waiting for approvals is launched again when approved
        return deployments.find(id)
                .filter(d -> d.status() == DeploymentStatus.PENDING)
                .filterWhen(d -> gates.isWaiting(id).map(waiting -> !waiting))
                // so is one whose pre-deployment checklist is not done, when its last item is
                .filterWhen(d -> checklists.preDone(id))
                // one scheduled later is launched by the ScheduledDeploymentStarter when due
                .filter(d -> d.spec().options().scheduledAt() == null
                        || !d.spec().options().scheduledAt().isAfter(java.time.Instant.now()))
                .flatMap(this::start)
                .flatMap(d -> runPlan(d, plan(d)))
                .onErrorResume(Stopped.class, e -> Mono.empty())
                .onErrorResume(IllegalTransitionException.class, e -> Mono.empty())
                .doFinally(s -> notifier.changed(id));
    }

    private Mono<Void> takeOver(UUID id, String from) {
        return deployments.find(id)
                .filter(d -> d.status() == DeploymentStatus.RUNNING || d.status() == DeploymentStatus.PAUSED)
                .flatMap(d -> {
                    List<Step> plan = plan(d);
                    boolean reenters = executors.find(d.spec().executor())
                            .map(e -> e.reentersInterruptedStep(d.spec().environment())).orElse(false);
                    Takeover takeover = Takeover.decide(plan, d.state().stepIndex(), reenters, from);
                    String text = takeover.describe(d.spec().environment(), instance.value());
                    if (takeover.action() == Takeover.Action.RESUME) {
                        return logs.system(d.spec(), text).then(runPlan(d, plan));
                    }
                    return fail(id, takeover.interrupted().name(), new ExecutionFailedException(text, null, List.of()));
                })
                .onErrorResume(Stopped.class, e -> Mono.empty())
                .onErrorResume(IllegalTransitionException.class, e -> Mono.empty())
                .doFinally(s -> notifier.changed(id));
    }

    private Mono<Deployment> start(Deployment d) {
        String app = d.spec().application();
        String env = d.spec().environment();
        return repository.lastSucceeded(app, env)
                .map(last -> new Current(last.spec().version(), last.state().newColour()))
                .defaultIfEmpty(new Current(null, null))
                .flatMap(current -> {
                    String colour = d.spec().strategy() == Strategy.BLUE_GREEN
                            ? BlueGreenPlanner.idleColour(current.colour()) : null;
                    return deployments.transition(d.spec().id(), null,
                            x -> x.start(current.version(), colour, DeploymentService.now()));
                })
                // until now its fresh heartbeat kept others off; from now on the lease does
                .flatMap(started -> repository.takeLease(started.spec().id(), instance.value(),
                        props.lease().duration()).thenReturn(started))
                .flatMap(started -> logs.system(started.spec(), "deployment started: " + started.spec().version()
                        + " (" + started.spec().strategy().wire() + ", " + started.spec().executor() + ")"
                        + (started.state().previousVersion() == null ? "" : ", replacing "
                        + started.state().previousVersion())).thenReturn(started));
    }

    /** The deployment's steps; the same on every instance, so a resumed runner goes on where the last one was. */
    private List<Step> plan(Deployment d) {
        var env = props.environment(d.spec().environment());
        String colour = d.state().newColour();
        var context = new PlanContext(env.instances(), env.batches(),
                colour == null ? null : BlueGreenPlanner.idleColour(colour), colour, d.spec().canary(),
                analysis.enabled(), routing.promotes(d.spec()));
        return planners.plan(d.spec().strategy(), context);
    }

    private Mono<Void> runPlan(Deployment d, List<Step> plan) {
        UUID id = d.spec().id();
        return Flux.range(d.state().stepIndex(), Math.max(0, plan.size() - d.state().stepIndex()))
                .concatMap(i -> runStep(id, plan.get(i), i + 1), 1)
                .then(Mono.defer(() -> deployments.transition(id, null, x -> x.succeed(DeploymentService.now()))))
                .flatMap(done -> logs.system(done.spec(), "deployment succeeded"))
                .onErrorResume(StepFailed.class, e -> fail(id, e.step, e.failure))
                .onErrorResume(ExecutionCancelledException.class, e -> Mono.error(new Stopped()))
                .onErrorResume(IllegalTransitionException.class, e -> Mono.error(new Stopped()))
                // anything unexpected still ends the deployment, with the reason, instead of leaving it running
                .onErrorResume(e -> !(e instanceof Stopped), e -> {
                    log.error("runner of deployment {} failed unexpectedly", id, e);
                    return fail(id, "runner", new ExecutionFailedException("deploy-service error: " + e, null,
                            List.of())).onErrorResume(x -> Mono.empty());
                });
    }

    private Mono<Void> fail(UUID id, String step, ExecutionFailedException e) {
        return repository.findById(id)
                .flatMap(d -> logs.system(d.spec(), "deployment failed at '" + step + "': " + e.describe()))
                .then(deployments.transition(id, null, x -> x.fail(step, e.describe(), e.exitCode(),
                        DeploymentService.now())))
                .then();
    }

    /** One step: wait while paused, carry it out, then advance (progress, traffic, events). */
    private Mono<Void> runStep(UUID id, Step step, int nextIndex) {
        return awaitRunning(id)
                .flatMap(d -> logs.system(d.spec(), "step " + nextIndex + ": " + step.name()).thenReturn(d))
                .flatMap(d -> execute(d, step)
                        .onErrorMap(ExecutionFailedException.class, e -> new StepFailed(step.name(), e))
                        .then(Mono.just(d)))
                .then(Mono.defer(() -> advance(id, step, nextIndex)));
    }

    /** Advances after a step; a deployment paused meanwhile advances once it is resumed. */
    private Mono<Void> advance(UUID id, Step step, int nextIndex) {
        return deployments.transition(id, null,
                        d -> d.advance(nextIndex, step.name(), step.progressAfter(), step.trafficAfter()))
                .then()
                .onErrorResume(IllegalTransitionException.class, e -> repository.findById(id)
                        .flatMap(d -> d.status() == DeploymentStatus.PAUSED
                                ? awaitRunning(id).then(advance(id, step, nextIndex))
                                : Mono.error(new Stopped())));
    }

    private Mono<Void> execute(Deployment d, Step step) {
        return switch (step.kind()) {
            case DEPLOY -> executeOnExecutor(d, step);
            // deferred: the executor registers its run when the step is assembled, so a router refusal
            // must come before it, or the deployment would show a run that never starts
            case SHIFT_TRAFFIC -> route(d, step).then(Mono.defer(() -> executeOnExecutor(d, step)));
            case HEALTH_CHECK -> writeLines(d, health.check(d.spec().environment()));
            case PAUSE -> pause(d, step);
            case ANALYSIS -> analyse(d, step);
            // install on the stable servers first: they carry no traffic until the router moves it back
            case PROMOTE -> executeOnExecutor(d, step).then(Mono.defer(() -> routed(d, routing.promote(d.spec()))));
        };
    }

    /**
     * An evidence gate: asks metrics-service every {@code rc.deploy.analysis.poll} until the new
     * version passes with the policy's evidence since the step began (and, for the bake, the bake
     * has passed). Meanwhile the deployment shows what it waits for. Inconclusive past the policy's
     * wait: held (paused, resume waits again) or failed, per policy. A promote ends the wait (its
     * transition records the override); an unreachable metrics-service holds the step.
     */
    private Mono<Void> analyse(Deployment d, Step step) {
        if (d.state().promoted()) {
            return deployments.transition(d.spec().id(), null,
                    x -> x.analysed(StepAnalysis.promotedEarlier(step.name()), DeploymentService.now())).then();
        }
        UUID id = d.spec().id();
        AtomicReference<GateWait> wait = new AtomicReference<>(new GateWait(null, System.nanoTime()));
        // one question per round, rounds repeated (not nested: a wait of hours is thousands of rounds)
        return Mono.defer(() -> round(id, step, wait)).repeat().takeUntil(done -> done).then();
    }

    /** One round of the wait: true once the step may go on (passed, or promoted past). */
    private Mono<Boolean> round(UUID id, Step step, AtomicReference<GateWait> wait) {
        return awaitRunning(id).flatMap(d -> {
            if (d.state().promoted()) {
                return Mono.just(true);
            }
            // resumed after a hold (or a pause): the step no longer shows its wait, and the wait starts again
            if (d.state().currentStep() == null || !d.state().currentStep().startsWith(step.name())) {
                wait.set(wait.get().restarted());
            }
            GateWait w = wait.get();
            var spec = d.spec();
            return gate.check(spec.application(), spec.environment(), spec.version(), w.since())
                    .flatMap(answer -> {
                        if (step.name().equals(Step.BAKE) && answer.available()
                                && (answer.bake() == null || answer.bake().isZero())) {
                            return logs.system(spec, "bake: none (the analysis policy's bake is PT0S)")
                                    .thenReturn(true);
                        }
                        if (w.since() == null && answer.available()) {
                            // the first answer sets the step's start in the samples' own time
                            wait.set(w.startingAt(answer.clock() == null ? Instant.EPOCH : answer.clock()));
                            return show(d, step, "waiting for evidence: the step's samples are counted from now")
                                    .then(Mono.delay(analysis.poll())).thenReturn(false);
                        }
                        return decide(d, step, w, answer);
                    });
        });
    }

    private Mono<Boolean> decide(Deployment d, Step step, GateWait w, GateAnswer answer) {
        UUID id = d.spec().id();
        Duration waited = Duration.ofNanos(System.nanoTime() - w.startedNanos());
        boolean bake = step.name().equals(Step.BAKE);
        Duration bakeFor = answer.bake() == null ? Duration.ZERO : answer.bake();
        boolean baked = !bake || waited.compareTo(bakeFor) >= 0;
        if (answer.passed() && baked) {
            StepAnalysis pass = analysis(step, StepAnalysis.PASS, answer);
            return deployments.transition(id, null, x -> x.analysed(pass, DeploymentService.now()))
                    .then(logs.system(d.spec(), step.name() + ": " + answer.reason())).thenReturn(true);
        }
        Duration maxWait = (answer.maxWait() == null ? analysis.maxWait() : answer.maxWait()).plus(bake ? bakeFor
                : Duration.ZERO);
        if (waited.compareTo(maxWait) >= 0) {
            String why = "no pass within " + maxWait + ": " + answer.reason();
            if (answer.holdOnTimeout() || !answer.available()) {
                // the next round waits for a resume (the wait starts again) or a promote
                StepAnalysis held = analysis(step, StepAnalysis.HELD, answer.withReason(why));
                return deployments.transition(id, null, x -> x.hold(held, DeploymentService.now()))
                        .then(logs.system(d.spec(), step.name() + ": held (paused) for evidence; resume to wait again,"
                                + " promote with a reason to go on, or cancel — " + why))
                        .thenReturn(false);
            }
            StepAnalysis failed = analysis(step, StepAnalysis.FAILED, answer.withReason(why));
            return deployments.transition(id, null, x -> x.analysed(failed, DeploymentService.now()))
                    .then(Mono.error(new StepFailed(step.name(), new ExecutionFailedException(
                            step.name() + ": " + why, null, List.of()))));
        }
        String waiting = bake && answer.passed() ? "baking until " + bakeFor + " has passed" : answer.reason();
        return show(d, step, waiting).then(Mono.delay(analysis.poll())).thenReturn(false);
    }

    /** Shows what the step waits for (a row update only when it changed; the heartbeat comes with it). */
    private Mono<Void> show(Deployment d, Step step, String waitingFor) {
        String text = step.name() + ": " + waitingFor;
        if (text.equals(d.state().currentStep())) {
            return repository.heartbeat(d.spec().id()).then();
        }
        return deployments.transition(d.spec().id(), null, x -> x.awaitEvidence(text)).then();
    }

    private static StepAnalysis analysis(Step step, String verdict, GateAnswer a) {
        return new StepAnalysis(step.name(), verdict, a.reason(), a.requests(), a.minRequests(), a.samples(),
                a.minSamples(), a.baseline(), StepAnalysis.GATE);
    }

    /**
     * Where a gated step's wait stands: its start in the samples' time (null until metrics-service
     * answered once) and in this runner's time.
     */
    private record GateWait(Instant since, long startedNanos) {
        GateWait startingAt(Instant clock) {
            return new GateWait(clock, System.nanoTime());
        }

        GateWait restarted() {
            return new GateWait(since, System.nanoTime());
        }
    }

    /**
     * Where the environment has a traffic router for the application, the step's weight (or colour)
     * is set there first, read back and logged; the router's refusal fails the step with its reason.
     * Elsewhere nothing happens here: the executor alone gets the weight (RC_WEIGHT).
     */
    private Mono<Void> route(Deployment d, Step step) {
        return routed(d, routing.follow(d.spec(), d.state().newColour(), step.weight(d.state().traffic().newPercent())));
    }

    /** Logs what the router did; its refusal fails the step with the router's reason. */
    private Mono<Void> routed(Deployment d, Mono<List<String>> change) {
        return change.flatMapMany(Flux::fromIterable)
                .concatMap(line -> logs.system(d.spec(), line))
                .onErrorMap(RouterException.class, e -> new ExecutionFailedException("traffic router: "
                        + e.getMessage(), null, List.of()))
                .then();
    }

    private Mono<Void> executeOnExecutor(Deployment d, Step step) {
        DeployExecutor executor = executors.get(d.spec().executor());
        var execution = new Execution(d.spec(), step, step.weight(d.state().traffic().newPercent()),
                d.state().previousVersion(), d.state().newColour(), routing.servers(d.spec()));
        Mono<Void> work = writeLines(d, executor.start(execution));
        // cancelled through another instance: stop our executor; the work then ends with a cancel
        Mono<Void> watch = watch(d.spec().id(), Flux.empty())
                .filter(x -> x.status().isFinished()).next()
                .flatMap(x -> executor.cancel(d.spec().id()))
                .then(Mono.never());
        return Mono.firstWithSignal(work, watch);
    }

    private Mono<Void> writeLines(Deployment d, Flux<OutputLine> lines) {
        // fair back-pressure: the timer never emits a batch the writer has not asked for
        return lines.bufferTimeout(LOG_BATCH, LOG_BATCH_WAIT, true)
                .concatMap(batch -> logs.append(d.spec(), batch))
                .then();
    }

    /** Canary hold: a timed pause or a manual gate; a promote ends it, a cancel stops the runner. */
    private Mono<Void> pause(Deployment d, Step step) {
        var canary = d.spec().canary();
        boolean manual = canary == null || canary.manualPromotion();
        long until = manual ? Long.MAX_VALUE : System.nanoTime() + canary.pause().toNanos();
        Flux<Object> wakeUps = Flux.merge(notifier.changes(d.spec().id()),
                manual ? Flux.empty() : Mono.delay(canary.pause()));
        return watch(d.spec().id(), wakeUps)
                .startWith(d)
                .takeUntil(x -> x.state().promoted() || System.nanoTime() >= until || x.status().isFinished())
                .last()
                .flatMap(x -> x.status().isFinished() ? Mono.error(new Stopped()) : Mono.empty());
    }

    /**
     * The deployment every {@link #WATCH} and at each of {@code wakeUps}, heartbeating for the
     * stuck-deployment reaper.
     */
    private Flux<Deployment> watch(UUID id, Flux<?> wakeUps) {
        return Flux.merge(Flux.interval(WATCH), wakeUps).onBackpressureLatest()
                .concatMap(t -> repository.heartbeat(id), 1);
    }

    /** The deployment once it is RUNNING; errors with {@link Stopped} when it finished meanwhile. */
    private Mono<Deployment> awaitRunning(UUID id) {
        return repository.findById(id)
                .concatWith(watch(id, notifier.changes(id)))
                .filter(d -> d.status() != DeploymentStatus.PAUSED && d.status() != DeploymentStatus.PENDING)
                .next()
                .flatMap(d -> d.status() == DeploymentStatus.RUNNING ? Mono.just(d) : Mono.error(new Stopped()));
    }

    /** The deployment ended elsewhere (cancelled, failed by the reaper): the runner just stops. */
    static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /** A step failed: which one, and why. */
    static final class StepFailed extends RuntimeException {
        final String step;
        final ExecutionFailedException failure;

        StepFailed(String step, ExecutionFailedException failure) {
            super(failure.getMessage(), failure, false, false);
            this.step = step;
            this.failure = failure;
        }
    }

    private record Current(String version, String colour) {
    }
}
