package io.releasecontrol.runtime.kafka;

import io.releasecontrol.events.EventFormatException;
import io.releasecontrol.events.Topics;
import io.releasecontrol.runtime.fault.DependencyFailure;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Every listener: a failing record is retried with back-off, then published to
 * {@code <topic>.dlt} with the failure in the standard {@code kafka_dlt-*} headers (exception
 * class, message, original topic/partition/offset) plus {@value #REASON_HEADER}, and the partition
 * moves on. A record that
 * cannot even be read is not retried. A record that failed because a dependency is down (the
 * database, the broker, another service: {@link DependencyFailure}) is retried until it passes.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnBean(KafkaProperties.class)
@ConditionalOnClass(KafkaTemplate.class)
@EnableConfigurationProperties(KafkaErrorHandlingProperties.class)
public class KafkaErrorHandlingAutoConfiguration {

    /** Header on every dead-lettered record: why it was dead-lettered, in one line. */
    public static final String REASON_HEADER = "rc_dlt_reason";

    private static final Logger log = LoggerFactory.getLogger(KafkaErrorHandlingAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler rcKafkaErrorHandler(KafkaProperties kafka, KafkaErrorHandlingProperties retry) {
        Map<Class<?>, KafkaOperations<?, ?>> templates = new LinkedHashMap<>();
        // unreadable records go out as the raw bytes they came in as; readable ones re-serialised
        templates.put(byte[].class, dltTemplate(kafka, ByteArraySerializer.class));
        templates.put(Object.class, dltTemplate(kafka, null));
        var recoverer = new DeadLetterPublishingRecoverer(templates, (record, e) -> {
            log.error("sending {}-{}@{} (key {}) to {}: {}", record.topic(), record.partition(), record.offset(),
                    record.key(), Topics.dlt(record.topic()), reasonOf(e));
            return new TopicPartition(Topics.dlt(record.topic()), -1);
        });
        recoverer.addHeadersFunction((record, e) -> {
            var headers = new RecordHeaders();
            headers.add(REASON_HEADER, reasonOf(e).getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        var backOff = new ExponentialBackOffWithMaxRetries(retry.attempts());
        backOff.setInitialInterval(retry.initialBackoff().toMillis());
        backOff.setMaxInterval(retry.maxBackoff().toMillis());
        backOff.setMultiplier(2.0);
        var handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(EventFormatException.class, IllegalArgumentException.class);
        // a record that failed because the database, the broker or another service is down is not
        // poison: it is retried (the partition waits) until the dependency is back, never dead-lettered
        handler.setBackOffFunction((record, e) -> DependencyFailure.in(e).map(d -> untilItPasses(retry)).orElse(null));
        handler.setRetryListeners((record, e, attempt) -> DependencyFailure.in(e).ifPresent(d -> {
            if (attempt == 1 || attempt % 10 == 0) {
                log.warn("holding {}-{}@{} (key {}) until it can be processed, attempt {}: {}", record.topic(),
                        record.partition(), record.offset(), record.key(), attempt, d.describe());
            }
        }));
        return handler;
    }

    /** Retries without a limit, backing off to {@code outageMaxBackoff} between attempts. */
    static ExponentialBackOff untilItPasses(KafkaErrorHandlingProperties retry) {
        var backOff = new ExponentialBackOff(retry.initialBackoff().toMillis(), 2.0);
        backOff.setMaxInterval(retry.outageMaxBackoff().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    /**
     * The first precise reason in the cause chain: our own format errors say exactly what is
     * wrong with a message; otherwise the innermost cause, not the framework's wrapper.
     */
    static String reasonOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EventFormatException) {
                return t.getMessage();
            }
        }
        Throwable root = NestedExceptionUtils.getMostSpecificCause(e);
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static KafkaTemplate<Object, Object> dltTemplate(KafkaProperties kafka, Class<?> valueSerializer) {
        var config = new HashMap<>(kafka.buildProducerProperties());
        if (valueSerializer != null) {
            config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
        }
        return new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(config));
    }
}
