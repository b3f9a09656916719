package io.releasecontrol.runtime.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.releasecontrol.runtime.instance.InstanceId;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.junit.jupiter.api.Test;

class KafkaMembershipTest {

    @Test
    void namesAStaticMemberAfterTheInstanceAndTheListenerInCharactersKafkaAccepts() {
        var id = new InstanceId("orchestrator-2", true);
        assertThat(KafkaMembershipAutoConfiguration.memberId(id, "org.springframework.kafka.KafkaListenerEndpointContainer#1"))
                .isEqualTo("orchestrator-2-org.springframework.kafka.KafkaListenerEndpointContainer_1");
    }

    @Test
    void aStaticMemberClosedCleanlyLeavesItsGroup() {
        List<Object> calls = new ArrayList<>();
        @SuppressWarnings("unchecked")
        Consumer<String, String> consumer = (Consumer<String, String>) Proxy.newProxyInstance(
                Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class}, (p, m, args) -> {
                    calls.add(args == null ? m.getName() : args[0]);
                    return null;
                });
        var wrapped = KafkaMembershipAutoConfiguration.leavingOnClose(consumer);

        wrapped.wakeup();
        wrapped.close();
        wrapped.close(Duration.ofSeconds(1));

        assertThat(calls).hasSize(3);
        assertThat(calls.get(0)).isEqualTo("wakeup");
        // close() becomes a close that leaves the group; other calls pass through unchanged
        assertThat(((CloseOptions) calls.get(1)).groupMembershipOperation()).isEqualTo(GroupMembershipOperation.LEAVE_GROUP);
        assertThat(calls.get(2)).isEqualTo(Duration.ofSeconds(1));
    }
}
