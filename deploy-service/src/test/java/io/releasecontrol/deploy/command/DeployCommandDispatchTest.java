package io.releasecontrol.deploy.command;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.releasecontrol.deploy.DeployProperties;
import io.releasecontrol.deploy.deployment.DeploymentRepository;
import io.releasecontrol.deploy.deployment.DeploymentService;
import io.releasecontrol.deploy.log.LogService;
import io.releasecontrol.deploy.maintenance.MaintenanceService;
import io.releasecontrol.deploy.router.TrafficRouting;
import io.releasecontrol.deploy.runner.DeploymentRunner;
import io.releasecontrol.deploy.runner.DeploymentStarter;
import io.releasecontrol.events.EventEnvelope;
import io.releasecontrol.events.RcEvent;
import io.releasecontrol.events.command.DeployCommand;
import io.releasecontrol.runtime.inbox.ProcessedEvents;
import io.releasecontrol.runtime.testsupport.EventDispatchContract;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import reactor.core.publisher.Mono;

/** Every kind of DeployCommand has its own branch in DeployCommandListener; none falls into the unknown one. */
class DeployCommandDispatchTest extends EventDispatchContract {

    DeployCommandDispatchTest() {
        super(DeployCommand.class);
    }

    // every request id was seen before and no deployment is stored: only the branch taken matters here
    @Override
    protected void deliver(ConsumerRecord<String, EventEnvelope<RcEvent>> record) {
        ProcessedEvents processed = mock(ProcessedEvents.class);
        CommandRequests requests = mock(CommandRequests.class);
        DeploymentRepository repository = mock(DeploymentRepository.class);
        when(processed.processOnce(any(), any(), any(), any())).thenReturn(Mono.just(true));
        when(requests.firstTime(any(), any(), any())).thenReturn(Mono.just(false));
        when(repository.findByRequestId(any())).thenReturn(Mono.empty());
        new DeployCommandListener(processed, requests, mock(DeploymentStarter.class), mock(DeploymentService.class),
                repository, mock(DeploymentRunner.class), mock(MaintenanceService.class), mock(LogService.class),
                mock(DeployProperties.class), mock(TrafficRouting.class)).on(record);
    }
}
