package io.releasecontrol.runtime.kafka;

import io.releasecontrol.runtime.instance.InstanceId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Kafka static membership for an instance with an explicit {@code rc.instance-id}: each listener
 * container joins its group as {@code <instance id>-<listener>-<n>} ({@code group.instance.id}), so
 * an instance killed and restarted within the session timeout gets its partitions back at once,
 * with no rebalance; and its consumers leave the group when the service shuts down cleanly, which a
 * static member does not do by itself. Without an explicit id nothing changes: dynamic members,
 * which leave on shutdown anyway. The session and heartbeat timeouts are in
 * {@code RcDefaultsEnvironmentPostProcessor}.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
public class KafkaMembershipAutoConfiguration {

    /** Names each container's static member after this instance and the listener (the factories are beans of their own). */
    @Bean
    static BeanPostProcessor rcStaticMembership(Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof ConcurrentKafkaListenerContainerFactory<?, ?> factory
                        && InstanceId.configured(env).isPresent()) {
                    InstanceId id = InstanceId.configured(env).get();
                    factory.setContainerCustomizer(container -> container.getContainerProperties()
                            .getKafkaConsumerProperties().setProperty(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG,
                                    memberId(id, container.getListenerId())));
                }
                return bean;
            }
        };
    }

    /** A static member leaves its group on a clean close: its partitions move at once, not after the session timeout. */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer rcLeaveGroupOnClose(Environment env) {
        return factory -> {
            if (InstanceId.configured(env).isPresent()) {
                factory.addPostProcessor(KafkaMembershipAutoConfiguration::leavingOnClose);
            }
        };
    }

    /** {@code <instance id>-<listener id>}, in the characters Kafka accepts; the container appends {@code -<n>}. */
    static String memberId(InstanceId id, String listenerId) {
        String listener = listenerId == null ? "listener" : listenerId.replaceAll("[^A-Za-z0-9._-]", "_");
        return id.value() + "-" + listener;
    }

    @SuppressWarnings("unchecked")
    static <K, V> Consumer<K, V> leavingOnClose(Consumer<K, V> consumer) {
        CloseOptions leave = CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP);
        return (Consumer<K, V>) Proxy.newProxyInstance(Consumer.class.getClassLoader(), new Class<?>[] {Consumer.class},
                (proxy, method, args) -> {
                    try {
                        if (method.getName().equals("close") && method.getParameterCount() == 0) {
                            consumer.close(leave);
                            return null;
                        }
                        return method.invoke(consumer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
