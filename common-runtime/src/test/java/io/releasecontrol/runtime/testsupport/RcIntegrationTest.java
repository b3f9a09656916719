package io.releasecontrol.runtime.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.ContextConfiguration;

/**
 * A full service on a random port against the shared real infrastructure (Kafka broker,
 * PostgreSQL database, MongoDB-wire server) — one of each per module run, whatever the number
 * of test classes. Extra properties go in {@link SpringBootTest#properties()} of a subclass
 * annotation or {@code @TestPropertySource}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = RcInfrastructureInitializer.class)
@AutoConfigureWebTestClient
public @interface RcIntegrationTest {
}
