package io.releasecontrol.deploy.command;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.deployment.DeploymentOptions;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.deployment.IllegalTransitionException;
import io.releasecontrol.deploy.deployment.NewDeployment;
import io.releasecontrol.deploy.deployment.Traffic;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.deploy.maintenance.MaintenanceMode;
import io.releasecontrol.deploy.maintenance.MaintenanceService;
import io.releasecontrol.deploy.runner.DeploymentRunner;
import io.releasecontrol.deploy.router.TrafficRouting;
import io.releasecontrol.deploy.runner.DeploymentStarter;
import io.releasecontrol.deploy.strategy.CanaryPlan;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.Strategy;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.command.CancelDeployment;
import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.events.command.SetMaintenanceMode;
import io.releasecontrol.events.command.ShiftTraffic;
import io.releasecontrol.events.command.StartDeployment;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.OnceConsumer;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Executes the commands of {@code rc.deploy-commands} once each: by event id (ProcessedEvents) and
 * by {@code requestId} (a StartDeployment's request id is stored on the deployment, the others in
 * command_requests), in the same transaction as their effect. A command that cannot be carried
 * out (busy target, maintenance) fails, is retried with back-off, then goes to the dead-letter topic.
 */
@Component
class DeployCommandListener {

    static final String CONSUMER = "deploy-service.commands";
    private static final Logger log = LoggerFactory.getLogger(DeployCommandListener.class);

    private final OnceConsumer inbox;
    private final CommandRequests requests;
    private final DeploymentStarter starter;
    private final DeploymentService deployments;
    private final DeploymentRepository repository;
    private final DeploymentRunner runner;
    private final MaintenanceService maintenance;
    private final LogService logs;
    private final DeployProperties props;
    private final TrafficRouting routing;

    DeployCommandListener(ProcessedEvents processed, CommandRequests requests, DeploymentStarter starter,
            DeploymentService deployments, DeploymentRepository repository, DeploymentRunner runner,
            MaintenanceService maintenance, LogService logs, DeployProperties props, TrafficRouting routing) {
        this.routing = routing;
        this.inbox = new OnceConsumer(processed, CONSUMER);
        this.requests = requests;
        this.starter = starter;
        this.deployments = deployments;
        this.repository = repository;
        this.runner = runner;
        this.maintenance = maintenance;
        this.logs = logs;
        this.props = props;
    }

    @KafkaListener(topics = Topics.DEPLOY_COMMANDS, groupId = "${spring.application.name}")
    void on(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        EventEnvelope<RcEvent> envelope = record.value();
        DeployCommand command = OnceConsumer.eventOf(record, DeployCommand.class, "a deploy command");
        AtomicReference<UUID> toLaunch = new AtomicReference<>();
        Mono<?> action;
        if (command instanceof StartDeployment c) {
            action = start(c, envelope, toLaunch);
        } else if (command instanceof ShiftTraffic c) {
            action = once(c, c.deploymentId() == null ? null : c.deploymentId().value(), shift(c, envelope));
        } else if (command instanceof CancelDeployment c) {
            action = once(c, c.deploymentId() == null ? null : c.deploymentId().value(), cancel(c, envelope));
        } else if (command instanceof SetMaintenanceMode c) {
            action = once(c, null, maintenance.set(c.environment(), c.application() == null
                    ? MaintenanceMode.ALL_APPLICATIONS : c.application(), c.enabled(), c.reason(),
                    by(c.sagaId() == null ? null : c.sagaId().toString()), envelope.id()));
        } else {
            throw new UnhandledSubtypeException(DeployCommand.class, command);
        }
        // a Kafka container thread, not an event loop: waiting here is what gives per-partition order
        inbox.run(record, envelope, action);
        // launched after the commit, so the runner sees the deployment
        if (toLaunch.get() != null) {
            starter.launch(toLaunch.get());
        }
    }

    private Mono<?> start(StartDeployment c, EventEnvelope<?> envelope, AtomicReference<UUID> toLaunch) {
        return repository.findByRequestId(c.requestId())
                .doOnNext(existing -> log.info("StartDeployment {} already executed as deployment {}: nothing new",
                        c.requestId(), existing.spec().id()))
                .map(existing -> (Object) existing)
                .switchIfEmpty(Mono.defer(() -> {
                    var env = props.environment(c.environment());
                    Strategy strategy = c.strategy() == null ? Strategy.ROLLING : c.strategy();
                    var canary = strategy == Strategy.CANARY
                            ? new CanaryPlan(CanaryPlan.DEFAULT_STEPS, props.commandCanaryPause(), null) : null;
                    var request = NewDeployment.builder().application(c.application()).environment(c.environment())
                            .version(c.version()).strategy(strategy).executor(env.executor()).canary(canary)
                            .requestedBy(c.requestedBy() == null ? by(c.sagaId() == null ? null
                                    : c.sagaId().toString()) : c.requestedBy())
                            .rollbackOf(c.rollbackOf() == null ? null : c.rollbackOf().value())
                            .sagaId(c.sagaId() == null ? null : c.sagaId().value()).requestId(c.requestId())
                            .options(DeploymentOptions.NONE.withDescription(c.reason())).build();
                    return starter.create(request, envelope.id()).doOnNext(d -> toLaunch.set(d.spec().id()));
                }));
    }

    private Mono<?> shift(ShiftTraffic c, EventEnvelope<?> envelope) {
        if (c.deploymentId() == null) {
            return Mono.error(new IllegalArgumentException("ShiftTraffic " + c.requestId() + " names no deployment"));
        }
        UUID id = c.deploymentId().value();
        String reason = c.reason() == null ? "traffic shifted to " + c.newPercent() + "% by command" : c.reason();
        // the router moves the real traffic inside the command's transaction: its refusal rolls the
        // shift back and the command is retried (then dead-lettered) with the router's reason
        return deployments.shiftTraffic(id, Traffic.toNew(c.newPercent()), reason, envelope.id())
                .flatMap(d -> routing.follow(d.spec(), d.state().newColour(), c.newPercent())
                        .flatMapMany(reactor.core.publisher.Flux::fromIterable)
                        .concatMap(line -> logs.system(d.spec(), line))
                        .then(Mono.just(d)))
                .flatMap(d -> logs.system(d.spec(), "traffic: new " + c.newPercent() + "% / stable "
                        + (100 - c.newPercent()) + "% (" + reason + ")"));
    }

    private Mono<?> cancel(CancelDeployment c, EventEnvelope<?> envelope) {
        if (c.deploymentId() == null) {
            return Mono.error(new IllegalArgumentException("CancelDeployment " + c.requestId() + " names no deployment"));
        }
        UUID id = c.deploymentId().value();
        String by = by(c.sagaId() == null ? null : c.sagaId().toString());
        return deployments.transition(id, envelope.id(), d -> d.cancel(by, c.reason(), DeploymentService.now()))
                .flatMap(d -> logs.system(d.spec(), "cancelled by " + by + ": " + c.reason())
                        .then(runner.stopExecutor(d)))
                // cancelling what already ended changes nothing: the command has had its effect
                .onErrorResume(IllegalTransitionException.class, e -> {
                    log.info("CancelDeployment {}: {}", c.requestId(), e.getMessage());
                    return Mono.empty();
                });
    }

    /** Runs the effect unless the request id was seen before (in the same transaction). */
    private Mono<?> once(DeployCommand c, UUID deploymentId, Mono<?> effect) {
        return requests.firstTime(c.requestId(), c.type(), deploymentId).flatMap(first -> {
            if (!first) {
                log.info("{} {} executed before: skipped", c.getClass().getSimpleName(), c.requestId());
                return Mono.just(false);
            }
            return effect.then(Mono.just(true));
        });
    }

    private static String by(String sagaId) {
        return sagaId == null ? "deploy-command" : "rollback-saga:" + sagaId;
    }
}
