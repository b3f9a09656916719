package io.releasecontrol.deploy.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.deploy.maintenance.MaintenanceService;
import io.releasecontrol.deploy.runner.DeploymentRunner;
import io.releasecontrol.deploy.runner.DeploymentStarter;
import io.releasecontrol.events.EventFixtures;
import io.releasecontrol.events.Topics;
import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.runtime.UnhandledSubtypeException;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/** Every kind of DeployCommand has its own branch in DeployCommandListener; none falls into the unknown one. */
class DeployCommandDispatchTest {

    static Stream<String> commandTypes() {
        return EventFixtures.typesOf(DeployCommand.class);
    }

    @Test
    void theFixturesHoldEveryPermittedDeployCommand() {
        EventFixtures.assertFixtureForEveryLeaf(DeployCommand.class);
    }

    // every request id was seen before and no deployment is stored: only the branch taken matters here
    @ParameterizedTest
    @MethodSource("commandTypes")
    void onHasABranchFor(String type) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        CommandRequests requests = mock(CommandRequests.class);
        DeploymentRepository repository = mock(DeploymentRepository.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        when(requests.firstTime(any(), any(), any())).thenReturn(Mono.just(false));
        when(repository.findByRequestId(any())).thenReturn(Mono.empty());
        var record = EventFixtures.record(Topics.DEPLOY_COMMANDS, type);
        var listener = new DeployCommandListener(processed, requests, mock(DeploymentStarter.class),
                mock(DeploymentService.class), repository, mock(DeploymentRunner.class),
                mock(MaintenanceService.class), mock(LogService.class), mock(DeployProperties.class),
                mock(io.releasecontrol.deploy.router.TrafficRouting.class));

        Throwable thrown = catchThrowable(() -> listener.on(record));

        assertThat(thrown instanceof UnhandledSubtypeException).as("%s took the unknown branch", type).isFalse();
    }
}
