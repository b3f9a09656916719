package io.releasecontrol.orchestrator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** The rollback decision tree as a durable, explainable saga. */
@SpringBootApplication
@EnableConfigurationProperties(OrchestratorProperties.class)
public class RollbackOrchestratorApplication {

    public static void main(String[] args) {
        SpringApplication.run(RollbackOrchestratorApplication.class, args);
    }
}
